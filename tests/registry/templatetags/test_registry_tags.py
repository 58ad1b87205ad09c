"""The site's template filters."""

from django.urls import reverse, set_script_prefix

from registry.templatetags.registry_tags import profile_url


def test_a_profile_url_is_the_one_reverse_gives_under_any_script_prefix():
    try:
        for prefix in ("/", "/registry/"):
            set_script_prefix(prefix)
            for pk in (1, 7, 918273645, 2**63 - 1):
                assert profile_url(pk) == reverse("prisoner_detail", args=[pk])
            assert profile_url(12).startswith(prefix)
    finally:
        set_script_prefix("/")
