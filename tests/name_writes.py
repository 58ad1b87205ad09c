"""Random writes to people's names, by every path that rewrites their search keys: for the tests that compare what
PostgreSQL derives from the keys with the keys themselves."""

import random

from django.db import connection

from registry.models import PrisonerName, PrisonerSearchKey
from registry.search import rebuild_search_keys
from tests.factories import PrisonerFactory, PrisonerNameFactory

# Fictitious (synthetic) names.
GIVEN = ["Ivan", "Hanna", "Siarhei", "Volha"]
SURNAMES = ["Testavy", "Prykladny", "Vydumany", "Uzorny", "Testavienka"]


def random_name_writes(rng: random.Random, steps: int):
    """Yield after each of `steps` writes: a person added, renamed or deleted, a name form added or deleted, or
    some people's keys rebuilt in bulk."""
    people = []
    for _ in range(steps):
        choice = rng.randrange(6)
        if choice == 0 or not people:
            people.append(PrisonerFactory(display_name=f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"))
        elif choice == 1:
            person = rng.choice(people)
            person.display_name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}{rng.choice(['', 'ich', 'ava'])}"
            person.save()
        elif choice == 2:
            name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            PrisonerNameFactory(prisoner=rng.choice(people), full_name=name, kind="variant")
        elif choice == 3 and PrisonerName.objects.exists():
            rng.choice(list(PrisonerName.objects.all())).delete()
        elif choice == 4:
            people.remove(person := rng.choice(people))
            person.delete()
        else:
            # The bulk path: every key of some people deleted and written again in one statement each.
            rebuild_search_keys([p.pk for p in rng.sample(people, min(3, len(people)))])
        yield


def truncate_the_keys() -> None:
    """Every search key emptied in one TRUNCATE: the one write whose statement triggers see no rows."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred check
        cursor.execute(f"TRUNCATE {PrisonerSearchKey._meta.db_table}")
