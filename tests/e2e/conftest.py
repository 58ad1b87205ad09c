"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Never downloads a browser: it launches /usr/bin/chromium (CI installs the Debian package). Each page
records every request it makes and every console error, so a test can assert that nothing left for
another host and that the Content-Security-Policy blocked nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from registry import services
from registry.models import Attachment, Recognition
from registry.open_data.releases import publish_release
from registry.samples import demo
from tests.factories import (
    BreakdownItemFactory,
    DecreeSeriesFactory,
    FacilityFactory,
    PardonDecreeFactory,
    SourceFactory,
)
from tests.site_data import make_person

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


class Visit:
    """A browser page plus what it did: requested URLs and console errors."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def follow(self, target) -> None:
        """Click a link or form button and wait for the page it leads to: a bare click returns before the new
        page loads, so reading right after it can read the old page."""
        with self.page.expect_navigation():
            target.click()

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def foreign_requests(self) -> list[str]:
        host = urlsplit(self.base_url).netloc
        return [url for url in self.requests if not url.startswith("data:") and urlsplit(url).netloc != host]


def _visit(browser, live_server, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    visit = Visit(context.new_page(), live_server.url)
    yield visit
    context.close()
    # Every browser test checks the visitor-safety rules on whatever it visited.
    assert visit.foreign_requests() == [], "a page made a request to another host"
    assert visit.errors == [], "console errors (a CSP violation shows up here)"


@pytest.fixture
def visit(browser, live_server):
    yield from _visit(browser, live_server, 1280)


@pytest.fixture
def phone(browser, live_server):
    yield from _visit(browser, live_server, 360)


@pytest.fixture
def registry_data():
    demo.load_reference_data()
    demo.load_seed_facts()
    facility = FacilityFactory(name_en="Fictional Penal Colony No. 101", postal_address="Fictional Street 1, 000000")
    series = DecreeSeriesFactory()
    decree = PardonDecreeFactory(
        series=series,
        announced_on=dt.date(2025, 3, 10),
        announced_total=16,
        title="Fictional decree: 16 pardoned",
        conditions="Fictional: all asked for clemency.",
    )
    BreakdownItemFactory(decree=decree, category="women", count=9)
    # Long group names: the breakdown then does not fit a phone as a table.
    BreakdownItemFactory(decree=decree, category="chronically_ill", count=14)
    BreakdownItemFactory(decree=decree, category="extremist", count=16)
    pardoned = make_person(
        "Fiktyuny Pamilavany",
        facility=facility,
        decree=decree,
        names={"be": "Фіктыўны Памілаваны", "ru": "Фиктивный Помилованный", "en": "Fiktyuny Pamilavany"},
    )
    # Releases for four more reasons: the monthly table then has more columns than a phone shows.
    for n, reason in enumerate(["served", "amnesty", "parole", "deported"], start=1):
        person = make_person(f"Fiktyuny Vyzvaleny {n}")
        services.release(prisoner=person, released_on=dt.date(2024, n, 1), reason=reason)
    first_release = publish_release()
    held = make_person(
        "Fiktyuny Zniavoleny",
        facility=facility,
        names={"be": "Фіктыўны Зняволены", "ru": "Фиктивный Заключённый"},
    )
    picture = io.BytesIO()
    Image.new("RGB", (40, 60), "gray").save(picture, format="JPEG")
    held.photo = SimpleUploadedFile("fictional.jpg", picture.getvalue(), "image/jpeg")
    held.letters = "open"  # the letter kit shows in full
    held.save()
    # Recognitions (criteria explained in each language, a statement link) and a public evidence file on a source.
    Recognition.objects.create(
        prisoner=held, organisation="Fictional Rights Group", recognised_on=dt.date(2021, 6, 1), criteria=["a", "e"],
        statement_url="https://example.org/fictional-statement",
    )  # fmt: skip
    Recognition.objects.create(prisoner=held, organisation="Another Fictional Group")
    evidence_source = SourceFactory(title="Fictional court paper")
    held.sources.add(evidence_source)
    Attachment.objects.create(
        source=evidence_source, title="Fictional verdict", is_public=True,
        file=SimpleUploadedFile("verdict.pdf", b"%PDF-1.4\n% fictional verdict\n%%EOF\n"),
    )  # fmt: skip
    make_person("Anonymus Secretus", visibility="anonymous", facility=facility, decree=decree)
    release = publish_release()  # its changelog: the held person added since the first
    assert release.number == first_release.number + 1
    return {"decree": decree, "pardoned": pardoned, "held": held, "facility": facility, "release": release}
