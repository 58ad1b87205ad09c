"""Load the demo registry: reference data, the seed article's facts, and a small synthetic set.

Idempotent: a second run changes nothing and creates no duplicates.
"""

from django.core.management.base import BaseCommand

from registry.models import Prisoner
from registry.samples import demo

DEMO_SYNTHETIC_PRISONERS = 300
DEMO_SEED = 1


class Command(BaseCommand):
    help = "Load reference data, the seed article's facts and a small synthetic set (idempotent)."

    def handle(self, *args, **options):
        demo.load_reference_data()
        demo.load_seed_facts()
        if Prisoner.objects.filter(is_synthetic=True).exists():
            self.stdout.write("Synthetic demo people already present; left as they are.")
        else:
            from registry.samples.synthetic import generate

            report = generate(prisoners=DEMO_SYNTHETIC_PRISONERS, seed=DEMO_SEED)
            self.stdout.write(f"Generated {report}")
        linked = demo.identify_fictitious_people_on_seed_decree()
        self.stdout.write(f"Fictitious people identified on the seed decree: {linked}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
