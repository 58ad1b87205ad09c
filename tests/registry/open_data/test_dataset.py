"""`manage.py export_dataset`: the public dataset as CSV + JSON + README, with nobody hidden in it."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from frictionless import Package

from pardons import services
from registry.queries import statistics
from tests.factories import PardonDecreeFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(tmp_path, three_people):
    decree = PardonDecreeFactory(title="Fictional decree")
    for person in three_people.values():
        services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=person)
    call_command("export_dataset", str(tmp_path / "out"), stdout=io.StringIO())
    return tmp_path / "out"


def test_it_writes_csv_and_json_for_every_list_and_a_readme(dataset):
    names = {path.name for path in dataset.iterdir()}

    for table in ("prisoners", "decrees", "pardons", "facilities", "articles", "sources"):
        assert {f"{table}.csv", f"{table}.json"} <= names
    readme = (dataset / "README.md").read_text()
    assert "| `display_name` |" in readme
    assert "| `names_withheld` |" in readme
    assert "Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in readme


def test_it_contains_named_people_only(dataset):
    with open(dataset / "prisoners.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    records = json.loads((dataset / "prisoners.json").read_text())

    assert [row["display_name"] for row in rows] == ["Fictional Public Person"]
    assert [record["display_name"] for record in records] == ["Fictional Public Person"]
    everything = "".join(path.read_text() for path in dataset.iterdir())
    assert "Anonymous Person" not in everything
    assert "Private Person" not in everything
    assert "about the anonymous person" not in everything


def test_its_statistics_are_the_sites_numbers_with_anonymous_people_counted(dataset):
    numbers = json.loads((dataset / "statistics.json").read_text())

    assert numbers["headline"]["held"] == statistics.headline()["held"] == 0
    assert numbers["pardons_per_decree"][0]["identified"] == 2
    decree = json.loads((dataset / "decrees.json").read_text())[0]
    assert (decree["identified_count"], decree["names_withheld"]) == (2, 1)


def test_its_data_package_is_valid_by_frictionless(dataset):
    report = Package(str(dataset / "datapackage.json")).validate()

    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    package = json.loads((dataset / "datapackage.json").read_text())
    prisoners = next(r for r in package["resources"] if r["name"] == "prisoners")
    status = next(f for f in prisoners["schema"]["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"] == ["in_custody", "restricted", "released", "died", "unknown"]
    assert {r["path"] for r in package["resources"]} == {
        name for name in (p.name for p in dataset.iterdir()) if name not in ("datapackage.json", "README.md")
    }


def test_frictionless_finds_a_changed_file_or_a_value_outside_its_column_type(dataset):
    prisoners = dataset / "prisoners.csv"
    prisoners.write_text(prisoners.read_text().replace(",in_custody,", ",in_prison,").replace(",released,", ",freed,"))

    report = Package(str(dataset / "datapackage.json")).validate()

    kinds = {error[0] for error in report.flatten(["type"])}
    assert {"hash-count", "constraint-error"} <= kinds, kinds


def test_its_people_are_exactly_what_the_apis_serializer_gives_without_the_url(tmp_path, monkeypatch):
    # The file is built by PostgreSQL in batches (registry.api.prisoner_documents); the serializer is the contract.
    from registry.api.people import prisoner_queryset
    from registry.api.serializers import PrisonerSerializer
    from registry.open_data.dataset import without_url

    call_command("load_demo")
    monkeypatch.setattr("registry.open_data.dataset.BATCH", 100)
    call_command("export_dataset", str(tmp_path / "out"), stdout=io.StringIO())

    records = json.loads((tmp_path / "out" / "prisoners.json").read_text())
    expected = [
        json.loads(json.dumps(without_url(PrisonerSerializer)(p).data, cls=DjangoJSONEncoder))
        for p in prisoner_queryset().order_by("pk")
    ]
    assert len(records) > 200  # several batches
    assert records == expected
