"""Give a staff account a TOTP (authenticator app) device and print the QR code to scan.

Needed before REQUIRE_2FA=true: with it on, the admin login asks for the 6-digit code from this
device. The secret is shown once, on this terminal only; run again with --replace to rotate it.
"""

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Create a TOTP device for a staff user and print its otpauth:// URL and QR code."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator app", help="A label for the device.")
        parser.add_argument("--replace", action="store_true", help="Delete the user's existing TOTP devices first.")

    def handle(self, *args, username: str, name: str, replace: bool, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff account.")
        if replace:
            TOTPDevice.objects.filter(user=user).delete()
        elif TOTPDevice.objects.filter(user=user).exists():
            raise CommandError(f"{username!r} already has a TOTP device; pass --replace to rotate it.")
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        code = qrcode.QRCode(border=1)
        code.add_data(device.config_url)
        code.print_ascii(out=self.stdout)
        self.stdout.write(f"Scan the code above, or enter this URL in the authenticator app:\n{device.config_url}")
