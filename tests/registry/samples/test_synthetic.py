"""The synthetic data generator: deterministic, consistent, fictitious, and harmless to real records."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.db.models import Count

from pardons.models import BreakdownCategory, Confirmation, Pardon, PardonDecree
from registry import search
from registry.models import (
    Contact,
    Custody,
    Facility,
    Prisoner,
    PrisonerName,
    PrisonerSearchKey,
    ReleaseReason,
    Source,
    Visibility,
)
from registry.samples.synthetic import generate
from registry.samples.vocabulary import transliterate
from registry.services import record_detention
from tests.factories import (
    PardonDecreeFactory,
    PardonFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

N = 300


def snapshot() -> dict:
    return {
        "names": list(Prisoner.objects.filter(is_synthetic=True).order_by("pk").values_list("display_name", flat=True)),
        "statuses": list(Prisoner.objects.filter(is_synthetic=True).order_by("pk").values_list("status", flat=True)),
        "custody": Custody.objects.filter(prisoner__is_synthetic=True).count(),
        "pardons": Pardon.objects.count(),
        "decrees": PardonDecree.objects.filter(is_synthetic=True).count(),
        "facilities": Facility.objects.filter(is_synthetic=True).count(),
        "sources": Source.objects.filter(is_synthetic=True).count(),
        "contacts": list(
            Contact.objects.filter(prisoner__is_synthetic=True)
            .order_by("prisoner", "occurred_on", "kind")
            .values_list("occurred_on", "kind")
        ),
    }


def test_the_same_seed_gives_the_same_registry():
    generate(prisoners=N, seed=7)
    first = snapshot()
    generate(prisoners=N, seed=7)
    assert snapshot() == first
    generate(prisoners=N, seed=8)
    assert snapshot()["names"] != first["names"]


def test_a_rerun_replaces_rather_than_duplicates():
    generate(prisoners=N, seed=1)
    generate(prisoners=N, seed=1)
    assert Prisoner.objects.filter(is_synthetic=True).count() == N
    assert PrisonerName.objects.count() == 3 * N


def test_real_records_are_untouched():
    real = PrisonerFactory(display_name="Real Person", is_synthetic=False)
    PrisonerNameFactory(prisoner=real, full_name="Рэальны Чалавек")
    custody = record_detention(prisoner=real, detained_on=dt.date(2021, 5, 14))
    real_source = SourceFactory(is_synthetic=False)
    real.sources.add(real_source)
    generate(prisoners=N, seed=1)
    generate(prisoners=50, seed=2)
    real.refresh_from_db()
    assert real.status == "in_custody"
    assert list(real.names.values_list("full_name", flat=True)) == ["Рэальны Чалавек"]
    assert Custody.objects.get(pk=custody.pk).released_on is None
    assert list(real.sources.all()) == [real_source]
    assert Prisoner.objects.filter(is_synthetic=True).count() == 50


def test_stored_status_is_what_custody_says_for_everyone():
    generate(prisoners=N, seed=3)
    people = Prisoner.objects.filter(is_synthetic=True)
    mismatched = [p.pk for p in people if p.status != p.derive_status()]
    assert mismatched == []
    statuses = set(people.values_list("status", flat=True))
    assert {"in_custody", "released"} <= statuses


def test_about_a_quarter_are_held():
    generate(prisoners=1000, seed=1)
    held = Prisoner.objects.filter(is_synthetic=True, status="in_custody").count()
    assert 180 <= held <= 330


def test_every_visibility_is_present():
    generate(prisoners=N, seed=1)
    counts = dict(Prisoner.objects.values_list("visibility").annotate(n=Count("pk")))
    assert counts[Visibility.PUBLIC] > counts[Visibility.ANONYMOUS] > 0
    assert counts.get(Visibility.PRIVATE, 0) > 0


def test_every_person_has_a_primary_name_in_three_scripts():
    generate(prisoners=N, seed=1)
    person = Prisoner.objects.filter(is_synthetic=True).first()
    names = dict(person.names.filter(kind="primary").values_list("language", "full_name"))
    assert set(names) == {"be", "ru", "en"}
    assert names["en"] == person.display_name
    assert "fictitious" in person.biography


def test_confirmed_pardons_close_the_custody_they_ended():
    generate(prisoners=N, seed=1)
    confirmed = Pardon.objects.filter(confirmation=Confirmation.CONFIRMED).select_related("closed_custody", "decree")
    assert confirmed.count() > 0
    for pardon in confirmed:
        assert pardon.closed_custody.release_reason == ReleaseReason.PARDON
        assert pardon.closed_custody.released_on == pardon.released_on
        assert 0 <= (pardon.released_on - pardon.decree.announced_on).days <= 5


def test_decrees_announce_at_least_whom_they_identify():
    generate(prisoners=N, seed=1)
    decrees = PardonDecree.objects.filter(is_synthetic=True).annotate(identified=Count("pardons"))
    assert decrees.count() >= 5
    for decree in decrees:
        assert decree.announced_total >= decree.identified
        assert decree.breakdown.filter(category=BreakdownCategory.WOMEN).exists()


def test_most_people_ever_detained_have_a_contact_log_dated_within_a_detention():
    generate(prisoners=N, seed=1)
    detained = Prisoner.objects.filter(is_synthetic=True, custody_periods__kind="detention").distinct()
    logged = detained.filter(contacts__isnull=False).distinct().count()
    assert 0.6 <= logged / detained.count() <= 0.8
    contacts = Contact.objects.filter(prisoner__is_synthetic=True)
    assert {"letter", "no_contact"} <= set(contacts.values_list("kind", flat=True))
    assert not contacts.exclude(note__contains="fictitious").exists()
    for contact in contacts.select_related("prisoner"):
        periods = contact.prisoner.custody_periods.filter(kind="detention")
        assert any(
            (p.detained_on is None or p.detained_on <= contact.occurred_on)
            and (p.released_on is None or contact.occurred_on <= p.released_on)
            for p in periods
        ), contact


def test_fact_bearing_records_cite_sources():
    generate(prisoners=N, seed=1)
    assert not Prisoner.objects.filter(is_synthetic=True, sources=None).exists()
    assert not Custody.objects.filter(prisoner__is_synthetic=True, sources=None).exists()
    assert not Pardon.objects.filter(sources=None).exists()


def test_the_command_reports_what_it_made(capsys):
    call_command("generate_synthetic", "--prisoners", "40", "--seed", "5")
    assert "40 prisoners" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Ціханоўскі", "Tsikhanouski"), ("Бяляцкі", "Bialiatski"), ("Юрый", "Yury"), ("Тэставіч", "Testavich")],
)
def test_it_transliterates_belarusian_like_a_passport(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_search_keys_are_what_the_search_module_would_build():
    generate(prisoners=60, seed=4)
    written = set(PrisonerSearchKey.objects.values_list("prisoner_id", "name_id", "key"))
    search.rebuild_search_keys(Prisoner.objects.filter(is_synthetic=True).values_list("pk", flat=True))
    assert written == set(PrisonerSearchKey.objects.values_list("prisoner_id", "name_id", "key"))
    person = Prisoner.objects.filter(is_synthetic=True, visibility="public").first()
    assert person in search.search_prisoners(Prisoner.objects.published(), person.display_name)


def test_a_real_record_pointing_at_a_synthetic_person_stops_the_run_and_changes_nothing():
    generate(prisoners=40, seed=1)
    person = Prisoner.objects.filter(is_synthetic=True).first()
    PardonFactory(decree=PardonDecreeFactory(is_synthetic=False), prisoner=person)
    with pytest.raises(IntegrityError):
        generate(prisoners=40, seed=2)
    assert Prisoner.objects.filter(pk=person.pk).exists()
    assert Prisoner.objects.filter(is_synthetic=True).count() == 40


def test_synthetic_facility_names_agree_in_gender_in_belarusian_and_russian():
    from registry.samples.vocabulary import FACILITY_KINDS

    names = {(be.split()[0], be.split()[-1], ru.split()[0]) for _, _, be, ru, _ in FACILITY_KINDS}

    assert ("Выдуманая", "калонія", "Вымышленная") in names
    assert ("Выдуманы", "ізалятар", "Вымышленный") in names
    assert ("Выдуманая", "ўстанова", "Вымышленное") in names
