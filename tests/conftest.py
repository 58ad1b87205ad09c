import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright, one per test session (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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


@pytest.fixture(autouse=True)
def _fresh_caches():
    # API throttling counts requests in the cache; each test starts from zero. The derived cache is keyed by
    # the data version, which a rolled-back test leaves where it was: clear it so no test sees another's answers.
    from django.core.cache import caches

    caches["default"].clear()
    caches["derived"].clear()
    caches["checks"].clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request leaves its language active in the thread (LocaleMiddleware never resets it): code a test runs
    # outside a request would otherwise speak the language of the last page the test before it asked for.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def journalist_client(db):
    """A client with a journalist's API token (no staff rights)."""
    from rest_framework.test import APIClient

    from tests.factories import api_token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(username='journalist')}")
    return client


@pytest.fixture
def staff_client(db):
    """A client with a staff member's API token holding the pardon permissions."""
    from rest_framework.test import APIClient

    from tests.factories import api_token

    perms = ["add_pardondecree", "change_pardondecree", "add_pardon", "change_pardon", "delete_pardon"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(username='staff', is_staff=True, permissions=perms)}")
    return client


@pytest.fixture
def three_people(db):
    """A public, an anonymous and a private person, each held, convicted and with an event and a source."""
    from tests.factories import ChargeFactory, CustodyFactory, EventFactory, PrisonerNameFactory, SourceFactory

    people = {}
    for visibility in ("public", "anonymous", "private"):
        custody = CustodyFactory(
            prisoner__visibility=visibility,
            prisoner__display_name=f"Fictional {visibility.capitalize()} Person",
            prisoner__sex="female",
        )
        prisoner = custody.prisoner
        PrisonerNameFactory(prisoner=prisoner, full_name=f"Выдуманая {visibility} Асоба", language="be")
        ChargeFactory(conviction__prisoner=prisoner, article__number=f"9{len(people)}0")
        EventFactory(prisoner=prisoner)
        source = SourceFactory(title=f"Report about the {visibility} person")
        prisoner.sources.add(source)
        people[visibility] = prisoner
    return people
