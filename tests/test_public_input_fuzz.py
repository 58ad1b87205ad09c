"""No input makes a public page or the API fail: arbitrary text in every query parameter and path segment.

The pages come from the URLconf and the API's operations from its OpenAPI schema, so a new page or
endpoint is fuzzed without touching this file. A page's parameters are read from its own forms and
links, an operation's from the schema. Values are any Unicode text, raw bytes that are not UTF-8, and
the inputs that once broke it. DEBUG is off, as in production; any 5xx or exception fails.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pardons import services as pardon_services
from pardons.models import PardonDecree
from registry.models import Facility, Prisoner, Release
from registry.open_data.releases import publish_release
from registry.queries.keyset import encode_cursor
from registry.samples import demo
from tests.factories import BreakdownItemFactory, PardonDecreeFactory, PlacementFactory, SourceFactory

pytestmark = pytest.mark.django_db

EXAMPLES = 40
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NOT_PUBLIC = ("admin", "i18n")
# Inputs that once answered 500 (issue 12): punctuation-only searches, %_\, NUL, tampered cursors; cursors of
# well-formed values that do not fit the order's fields (a name where an id goes, a number where a date goes).
KNOWN_BAD = ["!", "-", "'", "—", "😀", "%_\\", "\x00", "1\n", "zzz", "", "-1", "9" * 30]
KNOWN_BAD += [encode_cursor(["Name", "one"]), encode_cursor([5, 1]), encode_cursor(["n", "Name", 2**70])]
VALUE = st.one_of(
    st.sampled_from(KNOWN_BAD).map(str.encode),
    st.text(max_size=40).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=20),
)


def quoted(value: bytes) -> str:
    return urllib.parse.quote_from_bytes(value, safe="")


@pytest.fixture
def public_data(db, three_people):
    demo.load_reference_data()
    demo.load_seed_facts()
    PlacementFactory(custody=three_people["public"].custody_periods.get())
    decree = PardonDecreeFactory()
    BreakdownItemFactory(decree=decree)
    pardon_services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=three_people["public"])
    publish_release()


@pytest.fixture
def production(settings, client):
    settings.DEBUG = False
    settings.API_ANON_RATE = settings.API_TOKEN_RATE = "1000000/minute"
    return client


def site_routes() -> list[tuple[str, str]]:
    """(url name, route) of every public page, from the root URLconf."""
    routes = []
    for entry in get_resolver().url_patterns:
        # Regex routes (photos) take only a token-shaped name; tests/registry/site/test_photos.py covers them.
        if isinstance(entry.pattern, RegexPattern):
            continue
        if isinstance(entry, URLPattern) and entry.name and not str(entry.pattern).startswith(NOT_PUBLIC):
            routes.append((entry.name, str(entry.pattern)))
        elif isinstance(entry, URLResolver):
            continue  # the API is fuzzed from its schema; admin and i18n are not public pages
    return routes


SAMPLE_ARGUMENTS = {
    "prisoner": lambda: {"pk": Prisoner.objects.published().first().pk},
    "decree": lambda: {"pk": PardonDecree.objects.first().pk},
    "facility": lambda: {"pk": Facility.objects.first().pk},
    "statistics": lambda: {"chart": "held"},
    "report": lambda: {"pk": Prisoner.objects.published().first().pk},
    "letter": lambda: {"pk": Prisoner.objects.published().first().pk},
    "sitemap": lambda: {"section": "profiles"},
    "data_release": lambda: {"number": Release.objects.first().number},
    "data_release_file": lambda: {"number": Release.objects.first().number, "name": "prisoners.csv"},
}


def site_url(name: str, route: str) -> str:
    if "<" not in route:
        return reverse(name)
    subject = name if name in SAMPLE_ARGUMENTS else name.split("_")[0]
    assert subject in SAMPLE_ARGUMENTS, f"give the new page {name!r} a sample argument in SAMPLE_ARGUMENTS"
    return reverse(name, kwargs=SAMPLE_ARGUMENTS[subject]())


def parameters_on_the_page(html: str) -> list[str]:
    """The query parameters a reader can send from the page: its form fields and its links' queries."""
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))
    names |= set(re.findall(r'href="[^"]*?[?&](?:amp;)?([A-Za-z_]+)=', html))
    return sorted(names - {"csrfmiddlewaretoken", "next", "language"}) or ["q"]


def api_operations() -> list[tuple[str, list[str]]]:
    """(path template, query parameter names) of every GET in the API's schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"])
        for path, operations in schema["paths"].items()
        if "get" in operations
    ]


def api_sample_path(client, template: str) -> str:
    """The template filled with the first row its own list answers (so only public rows are used)."""
    if "{" not in template:
        return template
    listing = client.get(template.split("{")[0]).json()
    first = (listing["results"] if isinstance(listing, dict) else listing)[0]
    return re.sub(
        r"\{(\w+)\}", lambda m: str(first[m.group(1) if m.group(1) in ("slug", "number") else "id"]), template
    )


def query(values: dict[str, bytes]) -> str:
    return "?" + "&".join(f"{name}={quoted(value)}" for name, value in values.items())


def assert_each_known_bad_value_answers(client, url: str, parameters: list[str]) -> None:
    """Every input that once broke something, in every parameter, before the random ones."""
    for name in parameters:
        for value in KNOWN_BAD:
            assert_answers(client, url + query({name: value.encode("utf-8", "surrogatepass")}))


def assert_answers(client, url: str) -> None:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # read to the end, as a client would: errors mid-stream count
    assert response.status_code < 500, url
    if url.startswith("/api/") and response.status_code != 304:
        assert response["Content-Type"].startswith(("application/json", "text/csv", "application/vnd.oai")), url


@pytest.mark.parametrize(("name", "route"), site_routes(), ids=[name for name, _ in site_routes()])
def test_no_query_string_breaks_a_public_page(production, public_data, name, route):
    url = site_url(name, route)
    page = production.get(url)
    assert page.status_code == 200
    content = b"".join(page.streaming_content) if page.streaming else page.content  # a download: read it all
    parameters = [*parameters_on_the_page(content.decode() if "html" in page["Content-Type"] else ""), "after"]
    assert_each_known_bad_value_answers(production, url, parameters)

    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(parameters), VALUE, min_size=1, max_size=3))
    def fuzz(values):
        assert_answers(production, url + query(values))

    fuzz()


@pytest.mark.parametrize(("name", "route"), [r for r in site_routes() if "<" in r[1]], ids=lambda r: str(r))
def test_no_path_segment_breaks_a_public_page(production, public_data, name, route):
    # Each segment in turn, the others filled with a sample (a release file's name is reached only past its number).
    subject = name if name in SAMPLE_ARGUMENTS else name.split("_")[0]
    sample = SAMPLE_ARGUMENTS[subject]() if subject in SAMPLE_ARGUMENTS else {}
    for fuzzed in re.findall(SEGMENT, route):
        assert_no_value_breaks_the_segment(production, route, fuzzed, sample)


SEGMENT = r"<(?:\w+:)?(\w+)>"


def assert_no_value_breaks_the_segment(client, route: str, fuzzed: str, sample: dict) -> None:
    def path(segment: bytes) -> str:
        def filled(match: re.Match) -> str:
            return (quoted(segment) or "x") if match[1] == fuzzed else str(sample.get(match[1], "x"))

        return "/" + re.sub(SEGMENT, filled, route)

    for value in KNOWN_BAD:
        assert_answers(client, path(value.encode("utf-8", "surrogatepass")))

    @FUZZ
    @given(segment=VALUE)
    def fuzz(segment):
        assert_answers(client, path(segment))

    fuzz()


@pytest.mark.parametrize(("template", "parameters"), api_operations(), ids=[t for t, _ in api_operations()])
def test_no_query_string_or_path_breaks_the_api(production, public_data, template, parameters):
    path = api_sample_path(production, template)
    parameters = [*parameters, "cursor", "ordering", "format"]
    assert_each_known_bad_value_answers(production, path, parameters)

    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(parameters), VALUE, max_size=3), segment=st.one_of(st.none(), VALUE))
    def fuzz(values, segment):
        target = path if segment is None or "{" not in template else re.sub(r"\{[^}]+\}", quoted(segment), template)
        assert_answers(production, target + query(values))

    fuzz()


def test_an_api_crash_still_answers_json(rf):
    from registry.errors import server_error

    api, page = server_error(rf.get("/api/v1/prisoners/")), server_error(rf.get("/prisoners/"))

    assert (api.status_code, api["Content-Type"]) == (500, "application/json")
    assert (page.status_code, page["Content-Type"].split(";")[0]) == (500, "text/html")
