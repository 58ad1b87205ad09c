"""Replace the synthetic data with N obviously fictitious people, the same for the same seed.

Real (non-synthetic) records are never touched. Used by the benchmark at 100,000 people.
"""

from django.core.management.base import BaseCommand, CommandError

from registry.samples.synthetic import generate


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Replace synthetic data with N fictitious people (deterministic for a seed; real data untouched)."

    def add_arguments(self, parser):
        parser.add_argument("--prisoners", type=_positive, default=300, help="How many people (at least 1).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same data.")

    def handle(self, *args, prisoners: int, seed: int, **options):
        try:
            report = generate(prisoners=prisoners, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Generated {report}"))
