import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded photos in tests never land in the real media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _axes_off_unless_marked(request, settings):
    # Lockout is tested on its own (tests marked `axes`); elsewhere `client.login` must just work.
    if request.node.get_closest_marker("axes") is None:
        settings.AXES_ENABLED = False
    # Test accounts need no slow password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_user(django_user_model):
    """A superuser, as the foundation's demo-staff account."""
    return django_user_model.objects.create_superuser("staff-tester", "staff@example.org", "x-not-a-real-password")


@pytest.fixture
def role_user(django_user_model):
    """Make a staff user in one of the groups Editor, Reviewer, Viewer: role_user('Editor')."""
    from django.contrib.auth.models import Group

    def make(role: str):
        user = django_user_model.objects.create_user(f"{role.lower()}-tester", password="x-not-a-real-password")
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    return make
