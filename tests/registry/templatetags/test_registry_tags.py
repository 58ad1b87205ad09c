"""The site's template filters and tags."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe

from registry.site import charts
from registry.templatetags.registry_tags import column_rects, profile_url, table_rows


def test_a_profile_url_is_the_one_reverse_gives_under_any_script_prefix():
    try:
        for prefix in ("/", "/registry/"):
            set_script_prefix(prefix)
            for pk in (1, 7, 918273645, 2**63 - 1):
                assert profile_url(pk) == reverse("prisoner_detail", args=[pk])
            assert profile_url(12).startswith(prefix)
    finally:
        set_script_prefix("/")


# The statistics page's long markup, written by tags: each must say what the template loops it replaced said.
LOOPED_RECTS = Template(
    '{% load l10n %}{% localize off %}{% for rect in chart.rects %}<rect class="{{ rect.css_class }}" x="{{ rect.x }}" '
    'y="{{ rect.y }}" width="{{ rect.width }}" height="{{ rect.height }}"><title>{{ rect.title }}</title></rect>'
    "{% endfor %}{% endlocalize %}"
)
LOOPED_ROWS = Template(
    "{% load registry_tags %}{% for row in rows %}<tr>{% for cell in row %}{% if forloop.first %}"
    '<th scope="row">{{ cell }}</th>{% else %}<td class="num">{% if cell is None %}—{% else %}{{ cell|grouped }}'
    "{% endif %}</td>{% endif %}{% endfor %}</tr>\n    {% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_a_column_chart_s_rects_are_the_template_loop_s_with_plain_numbers_in_every_language(language):
    chart = charts.columns([("2024-01", [1234, 5]), ("<b>2024-02</b>", [0, 98765]), ("2024-03", [3, 1])], ["A", "B&C"])

    with translation.override(language):
        written = column_rects(chart)

    assert written == LOOPED_RECTS.render(Context({"chart": chart}))
    assert "<b>" not in written and "&lt;b&gt;2024-02&lt;/b&gt; — B&amp;C: 98765" in written
    assert [n for n in re.findall(r'(?:x|y|width|height)="([^"]*)"', written) if not re.fullmatch(r"[\d.]+", n)] == []


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_a_table_s_rows_are_the_template_loop_s_grouped_in_the_reader_s_language(language):
    rows = [["<i>Minsk</i>", 1234567, None], [mark_safe("<b>safe</b>"), 0, 12], ["over 60", None, 1000]]

    with translation.override(language):
        written, looped = table_rows(rows), LOOPED_ROWS.render(Context({"rows": rows}))

    assert written == looped
    assert "&lt;i&gt;Minsk&lt;/i&gt;" in written and "<b>safe</b>" in written and "—" in written
    assert ("1,234,567" if language == "en" else "1\xa0234\xa0567") in written
