"""Make an API token for an account and print it once: only its digest is stored."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = "Make an API token for USERNAME (printed once; expires after --days, default API_TOKEN_TTL_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="Days until it expires.")

    def handle(self, *args, username: str, days: int | None, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account named {username!r}.") from None
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        lifetime = {"expiry": dt.timedelta(days=days)} if days is not None else {}  # else knox's TOKEN_TTL
        instance, token = AuthToken.objects.create(user=user, **lifetime)
        self.stdout.write(token)
        self.stderr.write(f"Expires {instance.expiry:%Y-%m-%d %H:%M %Z}. Store it now: it cannot be shown again.")
