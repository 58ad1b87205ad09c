"""With DEBUG off: hashed, compressed static files served by the app (WhiteNoise), photos only of public people,
plain HTTP redirected to HTTPS — and the pages work in a browser under the strict CSP."""

from __future__ import annotations

import io
import re

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.production.conftest import THROUGH_THE_PROXY
from tests.site_data import make_person

pytestmark = pytest.mark.django_db(transaction=True)
HASHED = re.compile(r'/static/[^"]+\.[0-9a-f]{12}\.(?:css|js|svg)')


def get(base: str, path: str, **headers):
    return requests.get(base + path, headers={**THROUGH_THE_PROXY, **headers}, allow_redirects=False, timeout=30)


def test_pages_link_hashed_static_files_served_compressed_and_cacheable_for_ever(production):
    base, _ = production

    page = get(base, "/")
    assets = HASHED.findall(page.text)
    css = next(a for a in assets if "/css/site." in a)
    styles = get(base, css, **{"Accept-Encoding": "gzip"})

    assert page.status_code == 200
    assert {a.rsplit(".", 2)[0] for a in assets} >= {"/static/css/site", "/static/js/site", "/static/favicon"}
    assert styles.status_code == 200
    assert styles.headers["Content-Encoding"] == "gzip"
    assert "immutable" in styles.headers["Cache-Control"]
    assert "max-age=315360000" in styles.headers["Cache-Control"]
    assert styles.headers["Content-Type"].startswith("text/css")
    assert all(get(base, asset).status_code == 200 for asset in assets)


def test_the_admins_and_the_api_docs_assets_are_served(production):
    base, _ = production

    admin = get(base, "/admin/login/")
    docs = get(base, "/api/v1/docs/")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', admin.text + docs.text)

    assert admin.status_code == docs.status_code == 200
    assert any("/admin/css/" in a for a in assets)
    assert any("swagger-ui" in a for a in assets)
    assert [a for a in assets if get(base, a).status_code != 200] == []


def test_a_photo_is_served_while_its_person_is_public_and_then_never(production, settings):
    base, media = production
    settings.MEDIA_ROOT = media
    person = make_person("Fiktyuny Fotahrafavany")
    picture = io.BytesIO()
    Image.new("RGB", (40, 60), "gray").save(picture, format="JPEG")
    person.photo = SimpleUploadedFile("face.jpg", picture.getvalue(), "image/jpeg")
    person.save()
    url = "/" + person.photo.url.lstrip("/")

    shown = get(base, url)
    person.visibility = "anonymous"
    person.save()
    hidden = get(base, url)

    assert shown.status_code == 200
    assert shown.headers["Content-Type"] == "image/jpeg"
    assert shown.headers["Cache-Control"] == "private, no-cache"
    assert hidden.status_code == 404
    assert get(base, "/media/photos/never-existed.jpg").status_code == 404


def test_plain_http_is_redirected_to_https_except_health_checks(production):
    base, _ = production

    plain = requests.get(base + "/prisoners/", allow_redirects=False, timeout=30)
    health = requests.get(base + "/healthz", allow_redirects=False, timeout=30)
    secure = get(base, "/prisoners/")

    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")
    assert health.status_code == 200
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=3600")


def test_the_site_works_in_a_browser_under_the_csp_with_debug_off(production, browser):
    base, _ = production
    make_person("Fiktyuny Brauzerny")
    errors, failed = [], []
    context = browser.new_context(extra_http_headers=THROUGH_THE_PROXY)
    try:
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
        for language in ("en", "be", "ru"):
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            for path in ("/", "/prisoners/", "/statistics/"):
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
        page.goto(base + "/api/v1/docs/")
        page.wait_for_selector(".swagger-ui .opblock")
        page.goto(base + "/prisoners/")
        styled = page.evaluate("getComputedStyle(document.body).margin") != "8px"  # the browser default
    finally:
        context.close()

    assert errors == [], f"console errors {errors} {failed} (a CSP violation or a missing file shows up here)"
    assert failed == []
    assert styled, "site.css did not apply"
