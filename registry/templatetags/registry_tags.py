"""Template filters and tags for the public site: locale-aware numbers, partial dates, language links, citations,
and markup a page repeats dozens or hundreds of times (source lists, chart columns, table rows)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from functools import cache

from django import template
from django.template.defaultfilters import filesizeformat
from django.urls import get_script_prefix, reverse
from django.utils import formats, numberformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from registry.citations import Citation
from registry.dates import Precision, format_partial
from registry.site.charts import ColumnChart
from registry.site.languages import url_in_language

register = template.Library()


@register.filter
def profile_url(pk: int) -> str:
    """A person's profile URL, as `{% url 'prisoner_detail' pk %}` writes it: a list page shows fifty, and
    reverse() was a quarter of rendering its rows, so it runs once per script prefix, not once per person."""
    prefix, suffix = _profile_url_around(get_script_prefix())
    return f"{prefix}{int(pk)}{suffix}"


@cache
def _profile_url_around(script_prefix: str) -> tuple[str, str]:
    sample = 918273645  # an id that occurs nowhere else in the URL
    prefix, _sample, suffix = reverse("prisoner_detail", args=[sample]).partition(str(sample))
    return prefix, suffix


@register.filter
def is_within(path: str, section_url: str) -> bool:
    """Whether a page's path is a section's page or one under it (the main menu marks that section), whatever
    prefix the site is served under."""
    return path.startswith(section_url)


@register.filter
def grouped(value: int | None) -> str:
    """1250 → "1,250" (or "1 250" in Belarusian and Russian)."""
    if value is None:
        return ""
    return _grouping()(value)


def _grouping() -> Callable[[int], str]:
    """Counts grouped as the active language writes them, its separators looked up once (a table has hundreds)."""
    names = ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    decimal, grouping, thousands = (formats.get_format(name, get_language()) for name in names)
    return lambda value: numberformat.format(
        value, decimal, grouping=grouping, thousand_sep=thousands, force_grouping=True
    )


@register.filter
def partial(value: dt.date | None, precision: str) -> str:
    """A date no more precise than known: {{ obj.some_date|partial:obj.some_date_precision }}."""
    return format_partial(value, precision)


@register.filter
def field_errors(form, name: str) -> str:
    """A form field's errors as one sentence (empty when valid)."""
    return " ".join(form.errors.get(name, []))


@register.filter
def field_label(form, name: str) -> str:
    field = form.fields.get(name)
    return str(field.label) if field is not None else name


@register.filter
def localized_name(obj) -> str:
    """name_<active language> of any model with name_en/name_be/name_ru, else the English name."""
    language = (get_language() or "en")[:2]
    return getattr(obj, f"name_{language}", "") or getattr(obj, "name_en", "") or str(obj)


@register.filter
def translated(obj, field: str) -> str:
    """obj's `field` in the active language; an English fallback is marked (lang="en", shown as such)."""
    text, language = obj.translated(field)
    if language == (get_language() or "en")[:2]:
        return text
    return format_html('<span lang="{}" class="untranslated">{}</span>', language, text)


@register.filter
def get_item(mapping: dict, key: str):
    """mapping[key] for keys a template cannot spell (e.g. with hyphens)."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def language_url(context, code: str = "") -> str:
    """This page in another language ({% language_url 'be' %}), or without a chosen one ({% language_url %})."""
    return url_in_language(context["request"], code or None)


@register.simple_tag(takes_context=True)
def citation(context, title: str) -> Citation:
    """How to cite this page ({% citation title as cite %}): its permalink (language choice left out) as of today."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("lang", None)
    path = request.path + (f"?{query.urlencode()}" if query else "")
    return Citation(title=title, url=request.build_absolute_uri(path), as_of=timezone.localdate())


@register.simple_tag
def source_list(sources) -> SafeString:
    """The sources cited for a fact, each with its publisher, date, archived copy and public evidence files. A decree
    page lists them once per pardon, and an included template cost several times what this does."""
    if not sources:
        return mark_safe("")
    archived = _escaped(_("archived copy"))
    items = []
    for source in sources:
        title = _escaped(source.title)
        if source.url:
            title = f'<a href="{_escaped(source.url)}" rel="noopener noreferrer nofollow">{title}</a>'
        if source.publisher:
            title += f", {_escaped(source.publisher)}"
        if source.published_on:
            title += f", {_escaped(format_partial(source.published_on, Precision.DAY))}"
        if source.archived_url:
            title += f' (<a href="{_escaped(source.archived_url)}" rel="noopener noreferrer nofollow">{archived}</a>)'
        for evidence in getattr(source, "public_attachments", ()):
            title += format_html(
                ' · <a href="{}" type="{}">{}</a> '
                '<span class="evidence-meta">({}, {}, SHA-256 <code title="{}">{}…</code>)</span>',
                evidence.file.url, evidence.content_type, evidence, _("file"), filesizeformat(evidence.size),
                evidence.sha256, evidence.sha256[:12],
            )  # fmt: skip
        items.append(f"<li>{title}</li>")
    return mark_safe(f'<ul class="sources" aria-label="{_escaped(_("Sources"))}">{"".join(items)}</ul>')


# The statistics page draws hundreds of columns and table cells (a column and a row per decree): as template
# loops they were most of its rendering time, so these two tags write that markup in one pass.


def _escaped(value) -> str:
    """`{{ value }}` under autoescape: safe strings as they are, anything else escaped."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@register.simple_tag
def column_rects(chart: ColumnChart) -> SafeString:
    """A column chart's columns as SVG rects, each titled with its label and value (the numbers unlocalized:
    SVG coordinates are never "94,059")."""
    return mark_safe(
        "".join(
            f'<rect class="{_escaped(rect.css_class)}" x="{rect.x}" y="{rect.y}" width="{rect.width}" '
            f'height="{rect.height}"><title>{_escaped(rect.title)}</title></rect>'
            for rect in chart.rects
        )
    )


@register.simple_tag
def table_rows(rows: list[list]) -> SafeString:
    """A statistics table's body rows: the first cell heads the row, the others are counts grouped as
    `grouped` groups them ("—" for a count too small to show)."""
    group = _grouping()

    def count(value: int | None) -> str:
        return "—" if value is None else _escaped(group(value))

    return mark_safe(
        "".join(
            f'<tr><th scope="row">{_escaped(row[0])}</th>'
            + "".join(f'<td class="num">{count(cell)}</td>' for cell in row[1:])
            + "</tr>\n    "
            for row in rows
        )
    )
