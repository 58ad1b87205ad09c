"""A decree's page: announced total and breakdown, identified N of M, only published people named
plus "N names withheld", series ordinal, conditions, sources."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Attachment
from tests.factories import BreakdownItemFactory, DecreeSeriesFactory, PardonDecreeFactory, SourceFactory
from tests.site_data import count_queries, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def decree():
    series = DecreeSeriesFactory()
    PardonDecreeFactory(series=series, announced_on=dt.date(2024, 7, 3))
    decree = PardonDecreeFactory(
        series=series,
        announced_on=dt.date(2024, 9, 16),
        announced_total=20,
        reported_series_ordinal=8,
        conditions="Fictional condition: asked for clemency.",
    )
    decree.sources.add(SourceFactory(title="Fictional announcement"))
    BreakdownItemFactory(decree=decree, category="women", count=11)
    BreakdownItemFactory(decree=decree, category="chronically_ill", count=14)
    make_person("Publicus Pardonatus", decree=decree, sex="female")
    make_person("Anonymus Pardonatus", visibility="anonymous", decree=decree, sex="female")
    make_person("Privatus Pardonatus", visibility="private", decree=decree, sex="female")
    return decree


def test_it_names_published_people_and_counts_the_withheld(client, decree):
    response = client.get(reverse("decree_detail", args=[decree.pk]))
    content = response.content.decode()
    assert "Publicus Pardonatus" in content
    assert "Anonymus" not in content and "Privatus" not in content
    people = response.context["people"]
    assert (people.identified, people.named, people.withheld) == (2, 1, 1)
    assert "1 name withheld" in content
    assert "identified of 20" in content


def test_it_shows_the_breakdown_with_identified_women(client, decree):
    response = client.get(reverse("decree_detail", args=[decree.pk]))
    rows = {row.item.category: row.identified for row in response.context["breakdown"]}
    assert rows == {"women": 1, "chronically_ill": None}  # the one withheld woman is too few to count (small cells)
    content = response.content.decode()
    assert "with chronic illnesses" in content


def test_it_shows_our_series_ordinal_beside_the_sources(client, decree):
    response = client.get(reverse("decree_detail", args=[decree.pk]))
    assert response.context["series_ordinal"] == 2
    content = response.content.decode()
    assert "the source reported no. 8" in content
    assert "Fictional condition: asked for clemency." in content
    assert "Fictional announcement" in content


@pytest.mark.parametrize(
    ("language", "expected"), [("en", ["Adam", "Ihar", "Viktar"]), ("be", ["Адам", "Віктар", "Ігар"])]
)
def test_the_people_named_are_in_the_order_of_the_names_the_page_shows(client, language, expected):
    decree = PardonDecreeFactory()
    for latin, be in [("Viktar Fiktyuny", "Віктар Фіктыўны"), ("Ihar Fiktyuny", "Ігар Фіктыўны"),
                      ("Adam Fiktyuny", "Адам Фіктыўны")]:  # fmt: skip
        make_person(latin, decree=decree, names={"be": be})

    response = client.get(reverse("decree_detail", args=[decree.pk]), {"lang": language})

    assert [pardon.prisoner.name_in(language).split()[0] for pardon in response.context["pardons"]] == expected


def test_an_unknown_decree_is_404(client):
    assert client.get(reverse("decree_detail", args=[999999])).status_code == 404


def test_it_makes_the_same_number_of_queries_whatever_the_rows(client, decree):
    few = count_queries(client, reverse("decree_detail", args=[decree.pk]))
    for i in range(15):
        make_person(f"Pardonatus {i}", decree=decree)
        BreakdownItemFactory(decree=decree, category="other", label=f"fictional group {i}", count=1)
    assert count_queries(client, reverse("decree_detail", args=[decree.pk])) == few


def test_the_decrees_sources_list_their_public_evidence_files_only(client, decree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    source = decree.sources.get()
    for public in (True, False):
        Attachment.objects.create(
            source=source, file=SimpleUploadedFile("decree.pdf", b"%PDF-1.4\n% fictional\n%%EOF\n"), is_public=public
        )
    shown = Attachment.objects.get(is_public=True)

    content = client.get(reverse("decree_detail", args=[decree.pk])).content.decode()

    assert shown.file.url in content
    assert Attachment.objects.get(is_public=False).file.url not in content


@pytest.mark.parametrize(
    ("language", "precision", "on", "heading"),
    [
        ("ru", "year", dt.date(2024, 1, 1), "Помилование, объявлено в 2024 г."),
        ("be", "year", dt.date(2024, 1, 1), "Памілаванне, абвешчана ў 2024 г."),
        ("ru", "month", dt.date(2024, 9, 1), "Помилование, объявлено в сентябре 2024 г."),
        ("be", "month", dt.date(2024, 9, 1), "Памілаванне, абвешчана ў верасні 2024 г."),
        ("en", "month", dt.date(2024, 9, 1), "Pardon announced in September 2024"),
    ],
)
def test_an_imprecise_announcement_date_reads_naturally_after_announced(client, language, precision, on, heading):
    decree = PardonDecreeFactory(announced_on=on, announced_on_precision=precision)

    page = client.get(reverse("decree_detail", args=[decree.pk]), {"lang": language}).content.decode()

    assert f"<h1>{heading}</h1>" in page


@pytest.mark.parametrize(("language", "label"), [("be", "Кім выдадзены"), ("ru", "Кем издан")])
def test_who_issued_the_decree_is_asked_as_who(client, language, label):
    decree = PardonDecreeFactory()

    page = client.get(reverse("decree_detail", args=[decree.pk]), {"lang": language}).content.decode()

    assert f"<dt>{label}</dt>" in page
