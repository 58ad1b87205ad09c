"""The site's template filters and tags."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe

from registry.models import Attachment, Source
from registry.site import charts
from registry.templatetags.registry_tags import column_rects, profile_url, source_list, table_rows
from tests.site_data import make_person


def test_a_profile_url_is_the_one_reverse_gives_under_any_script_prefix():
    try:
        for prefix in ("/", "/registry/"):
            set_script_prefix(prefix)
            for pk in (1, 7, 918273645, 2**63 - 1):
                assert profile_url(pk) == reverse("prisoner_detail", args=[pk])
            assert profile_url(12).startswith(prefix)
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/registry"])
@pytest.mark.parametrize(
    ("path", "section"),
    [("/prisoners/", "Prisoners"), ("/prisoners/{pk}/", "Prisoners"), ("/decrees/", "Pardon decrees"),
     ("/facilities/", "Facilities"), ("/statistics/", "Statistics"), ("/", "Home"), ("/about/", None)],
)  # fmt: skip
def test_the_main_menu_marks_the_section_a_page_is_in_under_any_script_prefix(client, prefix, path, section):
    person = make_person("Fiktyuny Miesca")
    set_script_prefix(f"{prefix}/")  # as the WSGI handler does from SCRIPT_NAME (the test client does not)
    try:
        page = client.get(path.format(pk=person.pk), SCRIPT_NAME=prefix)
    finally:
        set_script_prefix("/")

    assert page.status_code == 200
    menu = page.content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    marked = re.findall(r'<a href="([^"]*)" aria-current="page">([^<]*)</a>', menu)
    assert [name for _href, name in marked] == ([section] if section else [])
    assert all(href.startswith(f"{prefix}/") for href, _name in marked)


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

LOOPED_SOURCES = Template(
    '{% load i18n %}{% if sources %}<ul class="sources" aria-label="{% translate \'Sources\' %}">'
    '{% for source in sources %}<li>{% if source.url %}<a href="{{ source.url }}" rel="noopener noreferrer nofollow">'
    "{{ source.title }}</a>"
    "{% else %}{{ source.title }}{% endif %}{% if source.publisher %}, {{ source.publisher }}{% endif %}"
    '{% if source.published_on %}, {{ source.published_on|date:"DATE_FORMAT" }}{% endif %}{% if source.archived_url %}'
    ' (<a href="{{ source.archived_url }}" rel="noopener noreferrer nofollow">{% translate "archived copy" %}</a>)'
    '{% endif %}{% for evidence in source.public_attachments %} · <a href="{{ evidence.file.url }}" '
    'type="{{ evidence.content_type }}">{{ evidence }}</a> <span class="evidence-meta">({% translate "file" %}, '
    '{{ evidence.size|filesizeformat }}, SHA-256 <code title="{{ evidence.sha256 }}">{{ evidence.sha256|slice:":12" }}'
    "…</code>)</span>{% endfor %}</li>{% endfor %}</ul>{% endif %}"
)


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_a_source_list_is_the_template_loop_s_escaped_in_the_reader_s_language(language):
    cited = Source(
        title='Court <b>"report"</b>', url="https://example.org/a?b=1&c=<2>", publisher="Fictional & Co",
        published_on=dt.date(2024, 9, 16), archived_url="https://archive.example/a?x='1'",
    )  # fmt: skip
    cited.public_attachments = [
        Attachment(file="evidence/k3J9.pdf", title="verdict <p. 1>", content_type="application/pdf", size=1234567,
                   sha256="ab" * 32),
        Attachment(file="evidence/z8Q2.jpg", content_type="image/jpeg", size=900, sha256="cd" * 32),
    ]  # fmt: skip
    bare = Source(title="Unpublished letter")
    sources = [cited, bare]

    with translation.override(language):
        written, looped = source_list(sources), LOOPED_SOURCES.render(Context({"sources": sources}))

    assert written == looped
    assert "<b>" not in written and "&lt;b&gt;&quot;report&quot;&lt;/b&gt;" in written and "z8Q2.jpg</a>" in written
    assert source_list([]) == "" and written.count("<li>") == 2


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
