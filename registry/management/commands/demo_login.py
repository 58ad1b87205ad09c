"""Create (or reset) the demo staff account with a fresh random password, and print it.

No password is ever committed: each run of `make run` prints a new one.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "demo-staff"


class Command(BaseCommand):
    help = "Create or reset the demo superuser and print its one-time password."

    def handle(self, *args, **options):
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                "\n  Registry: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/\n"
                f"  Demo staff login: {USERNAME} / {password}   (new password on every run)\n"
            )
        )
