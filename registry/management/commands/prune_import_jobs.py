"""Delete old CSV import jobs: their files and reports name people, and are not needed once done."""

from django.conf import settings
from django.core.management.base import BaseCommand

from registry.staff import import_jobs


class Command(BaseCommand):
    help = "Delete finished import jobs older than IMPORT_JOB_KEEP_DAYS (and clear the files of stuck ones)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.IMPORT_JOB_KEEP_DAYS)

    def handle(self, *args, days: int, **options):
        deleted = import_jobs.prune(older_than_days=days)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} import job(s) older than {days} day(s)."))
