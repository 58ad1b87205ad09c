"""Revoking API tokens by their owner: the token in use, or every token of the account.

Tokens are django-rest-knox's: only a digest is stored, each expires (API_TOKEN_TTL_DAYS), staff make
them with `manage.py issue_token` or in the admin (shown once), and admins revoke anyone's there.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox import views

from registry.api.base import ForgivingNegotiationMixin

REVOKED = {204: OpenApiResponse(description="Revoked: the token no longer works.")}


class RevokeThisToken(ForgivingNegotiationMixin, views.LogoutView):
    @extend_schema(tags=["tokens"], summary="Revoke the token this request carries", request=None, responses=REVOKED)
    def post(self, request, format=None):
        return super().post(request, format)


class RevokeAllMyTokens(ForgivingNegotiationMixin, views.LogoutAllView):
    @extend_schema(tags=["tokens"], summary="Revoke every token of this account", request=None, responses=REVOKED)
    def post(self, request, format=None):
        return super().post(request, format)
