"""factory_boy factories for every model the tests build. Synthetic, obviously fictitious names."""

import datetime as dt

import factory

from pardons.models import BreakdownItem, DecreeSeries, Pardon, PardonDecree
from registry.models import (
    Article,
    Charge,
    Conviction,
    CriminalCode,
    Custody,
    Event,
    Facility,
    Placement,
    Prisoner,
    PrisonerName,
    Region,
    Source,
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Test report {n}")
    publisher = "Test Publisher"
    url = factory.Sequence(lambda n: f"https://example.org/report/{n}")
    is_synthetic = True


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"test-region-{n}")
    name_en = factory.Sequence(lambda n: f"Test Region {n}")
    name_be = factory.Sequence(lambda n: f"Тэставы рэгіён {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый регион {n}")


class PrisonerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prisoner

    display_name = factory.Sequence(lambda n: f"Testavy Prykladny {n}")
    visibility = "public"
    is_synthetic = True


class PrisonerNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrisonerName

    prisoner = factory.SubFactory(PrisonerFactory)
    full_name = factory.Sequence(lambda n: f"Тэставы Прыкладны {n}")
    language = "be"
    kind = "primary"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    kind = "colony"
    number = factory.Sequence(lambda n: str(100 + n))
    name_en = factory.Sequence(lambda n: f"Fictional Penal Colony No. {100 + n}")
    city = "Fictional Town"
    postal_address = factory.Sequence(lambda n: f"Fictional Street {n}, Fictional Town 000000")
    is_synthetic = True


class CustodyFactory(factory.django.DjangoModelFactory):
    """An open detention. Use registry.services to release it, so status stays true."""

    class Meta:
        model = Custody
        skip_postgeneration_save = True

    prisoner = factory.SubFactory(PrisonerFactory)
    kind = "detention"
    detained_on = dt.date(2021, 5, 14)

    @factory.post_generation
    def refresh(obj, create, extracted, **kwargs):
        if create:
            obj.prisoner.refresh_status()


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    custody = factory.SubFactory(CustodyFactory)
    facility = factory.SubFactory(FacilityFactory)
    arrived_on = factory.SelfAttribute("custody.detained_on")


class CriminalCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriminalCode
        django_get_or_create = ["country", "short_name"]

    country = "BY"
    short_name = "CC BY"
    name_en = "Criminal Code of the Republic of Belarus"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    code = factory.SubFactory(CriminalCodeFactory)
    number = factory.Sequence(lambda n: f"9{n:04d}")  # no real article has such a number (the seed data holds 342)
    title_en = factory.Sequence(lambda n: f"Test offence {n}")


class ConvictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conviction

    prisoner = factory.SubFactory(PrisonerFactory)
    court = "Fictional District Court"
    verdict_on = dt.date(2021, 12, 1)
    sentence_kind = "imprisonment"
    sentence_months = 36
    regime = "general"


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charge

    conviction = factory.SubFactory(ConvictionFactory)
    article = factory.SubFactory(ArticleFactory)
    part = "1"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    prisoner = factory.SubFactory(PrisonerFactory)
    kind = "hunger_strike"
    occurred_on = dt.date(2022, 3, 1)
    description = "Fictional test event."


class DecreeSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecreeSeries

    name_en = "Pardons since July 2024"
    started_on = dt.date(2024, 7, 1)


class PardonDecreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PardonDecree

    announced_on = dt.date(2024, 9, 16)
    announced_total = 20
    is_synthetic = True


class BreakdownItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakdownItem

    decree = factory.SubFactory(PardonDecreeFactory)
    category = "women"
    count = 11


class PardonFactory(factory.django.DjangoModelFactory):
    """A reported pardon row only. Use pardons.services.record_pardon for the real workflow."""

    class Meta:
        model = Pardon

    decree = factory.SubFactory(PardonDecreeFactory)
    prisoner = factory.SubFactory(PrisonerFactory)
    confirmation = "reported"


def api_token(*, username: str, is_staff: bool = False, permissions: list[str] = ()) -> str:
    """An API token for a new user; `permissions` are codenames, e.g. "add_pardon"."""
    from django.contrib.auth.models import Permission, User
    from knox.models import AuthToken

    user = User.objects.create_user(username=username, password=None, is_staff=is_staff)
    user.user_permissions.set(Permission.objects.filter(codename__in=permissions))
    return AuthToken.objects.create(user=user)[1]
