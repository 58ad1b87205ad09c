"""Start, stop or locate the embedded PostgreSQL under var/ (used when DATABASE_URL is unset)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.db.embedded import embedded_database_url, stop_embedded_server


class Command(BaseCommand):
    help = "Manage the embedded PostgreSQL server kept under var/."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "url"])

    def handle(self, *args, action: str, **options):
        if not settings.USING_EMBEDDED_DB and action != "url":
            raise CommandError("DATABASE_URL points to an external server; there is no embedded one to manage.")
        if action == "stop":
            stopped = stop_embedded_server(settings.VAR_DIR)
            self.stdout.write("Embedded PostgreSQL stopped." if stopped else "Embedded PostgreSQL was not running.")
        elif action == "start":
            embedded_database_url(settings.VAR_DIR)
            self.stdout.write("Embedded PostgreSQL running.")
        else:
            self.stdout.write(settings.DATABASE_URL)
