"""Every public page, in every language, at desktop and phone width, as a reader's Chromium shows it.

Fails on any console error (a CSP violation included) or request to another host (the fixtures), on
a page wider than the window, a table whose columns are out of sight or a header word broken across
lines, on an English interface string left in a Belarusian or Russian page, and on charts without
bars. The page list comes from the URLconf,
so a new page cannot be missed.
Screenshots: test-artifacts/screenshots/pages/<language>-<width>-<page>.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, get_resolver

from tests.e2e.conftest import SCREENSHOTS, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Named routes that are not HTML pages a reader opens.
NOT_PAGES = {
    "photo",
    "evidence",
    "statistics_csv",
    "upcoming_calendar",
    "healthz",
    "readyz",
    "robots_txt",
    "sitemap_index",
    "sitemap_section",
    "prisoner_list_feed",
    "prisoner_feed",
    "decree_list_feed",
    "data_release_file",
}
LANGUAGES = ["en", "be", "ru"]
WIDTHS = [1280, 360]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
# Tables wider than their box: only a table of many counts may scroll sideways, and it keeps its row
# headers in view (scrolled to its end, its first row header still starts at the box's left edge).
CUT_TABLES = """
[...document.querySelectorAll('.table-wrap')].filter(w => w.offsetParent && w.scrollWidth > w.clientWidth)
.flatMap(w => {
  const name = (w.querySelector('caption') || w.closest('section') || w).textContent.trim().slice(0, 60);
  if (!w.classList.contains('wide')) return [`table “${name}” cut off (columns out of sight)`];
  w.scrollLeft = w.scrollWidth;
  const header = w.querySelector('tbody th');
  const pinned = header && Math.abs(header.getBoundingClientRect().left - w.getBoundingClientRect().left) < 2;
  w.scrollLeft = 0;
  return pinned ? [] : [`table “${name}” scrolls its row headers out of sight`];
})
"""
# The words of shown table headers (a phone's card tables clip theirs to 1px) that a line break cuts
# in two (a break after a hyphen is fine): the word's text range then has boxes on more than one line.
BROKEN_WORDS = """
[...document.querySelectorAll('thead th')].filter(th => th.offsetParent && th.closest('thead').clientWidth > 1)
.flatMap(th => {
  const broken = [];
  const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[^\\s-]+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
})
"""


def page_paths(data) -> dict[str, str]:
    """Route name → a path that opens it, for every public page of the URLconf."""
    paths = {
        "home": "/",
        "prisoner_list": "/prisoners/",
        "prisoner_detail": f"/prisoners/{data['held'].pk}/",
        "decree_list": "/decrees/",
        "decree_detail": f"/decrees/{data['decree'].pk}/",
        "facility_list": "/facilities/",
        "facility_detail": f"/facilities/{data['facility'].pk}/",
        "statistics": "/statistics/",
        "about": "/about/",
        "upcoming_dates": "/dates/",
        "report_inaccuracy": f"/prisoners/{data['held'].pk}/report/",
        "letter_kit": f"/prisoners/{data['held'].pk}/letter/",
        "report_missing": "/report-missing/?q=Fictional",
        "data": "/data/",
        "data_release": f"/data/releases/{data['release'].number}/",
    }
    routes = {p.name for p in get_resolver().url_patterns if isinstance(p, URLPattern) and p.name} - NOT_PAGES
    assert routes == set(paths), "a public page is not walked (or no longer exists)"
    return {
        **paths,
        "pardoned_profile": f"/prisoners/{data['pardoned'].pk}/",
        "empty_search": "/prisoners/?q=Nobody+Atallovich",
        "not_found": "/no-such-page/",
    }


def english_phrases(language: str) -> list[re.Pattern]:
    """The catalog's English interface phrases (two words or more) whose translation differs.

    Single words are left out: a person's name or a source title in the data may be any word.
    """
    po = (Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    phrases = []
    for block in po.split("\n\n"):
        if "msgid_plural" in block:
            continue
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgstr")[0], re.MULTILINE))
        msgstr = "".join(re.findall(r'^(?:msgstr )?"(.*)"$', block.split("msgstr")[-1], re.MULTILINE))
        if not msgid or msgid == msgstr:
            continue
        for fragment in PLACEHOLDER.split(msgid.replace('\\"', '"')):
            fragment = re.sub(r"<[^>]+>", " ", fragment).strip(" .,:;—-()«»\"'")
            if len(fragment.split()) >= 2:
                phrases.append(re.compile(r"(?<!\w)" + re.escape(fragment) + r"(?!\w)"))
    return phrases


@pytest.fixture
def reader(request, browser, live_server):
    language, width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    visit = Visit(context.new_page(), live_server.url)
    yield language, width, visit
    context.close()
    assert visit.foreign_requests() == [], "a page made a request to another host"
    assert visit.errors == [], "console errors (a CSP violation shows up here)"


@pytest.mark.parametrize(
    "reader", [(language, width) for language in LANGUAGES for width in WIDTHS], indirect=True, ids=str
)
def test_every_page_in_every_language_and_width(reader, registry_data):
    language, width, visit = reader
    phrases = english_phrases(language) if language != "en" else []
    problems = []
    for name, path in page_paths(registry_data).items():
        errors_before = len(visit.errors)
        response = visit.goto(path)
        expected = 404 if name == "not_found" else 200
        if response.status != expected:
            problems.append(f"{path}: HTTP {response.status}")
        if name == "not_found":  # Chromium reports the page's own 404 status as a console error
            visit.errors[errors_before:] = [e for e in visit.errors[errors_before:] if "status of 404" not in e]
        page = visit.page
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"{path}: lang is not {language}")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{path}: {wide}px wide in a {width}px window")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # "Show the numbers"
        problems += [f"{path}: {table} at {width}px" for table in page.evaluate(CUT_TABLES)]
        problems += [f"{path}: “{word}” broken across lines in a table header" for word in page.evaluate(BROKEN_WORDS)]
        text = page.evaluate("document.body.innerText")
        problems += [f"{path}: untranslated “{p.pattern}”" for p in phrases if p.search(text)]
        if name == "statistics":
            bars = page.evaluate(
                "[...document.querySelectorAll('svg rect')].filter(r => r.getBBox().height > 0).length"
            )
            if bars == 0:
                problems.append(f"{path}: no chart bars drawn")
        (SCREENSHOTS / "pages").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "pages" / f"{language}-{width}-{name}.png"), full_page=True)
    assert problems == [], "\n".join(problems)
