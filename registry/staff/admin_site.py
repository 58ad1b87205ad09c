"""The admin site, requiring a TOTP device login when settings.REQUIRE_2FA is on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class StaffAdminSite(AdminSite):
    """The default admin site; with REQUIRE_2FA on, only staff verified by a TOTP device get in."""

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.REQUIRE_2FA else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.REQUIRE_2FA else None

    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.REQUIRE_2FA or request.user.is_verified()
