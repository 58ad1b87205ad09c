"""The OpenAPI schema generator of the API (drf-spectacular), kept apart from the DRF settings imports.

It documents what every endpoint can answer besides success — errors are JSON with a `message` —
so clients (and schemathesis) can rely on the status codes.
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(required=False, help_text="For invalid values: field name → messages (only on 400).")


ERRORS = {
    "400": "Invalid query or body (an unknown `ordering`, a tampered `cursor`); see `errors`.",
    "401": "Invalid or inactive token, or a write without one.",
    "403": "This account may not make this change.",
    "404": "No such record (or not public).",
    "429": "Too many requests; wait the seconds in Retry-After.",
}


class RegistryAutoSchema(AutoSchema):
    """drf-spectacular's schema, with every path parameter described and every error response listed."""

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if not parameter.get("description"):
                name = parameter["name"]
                parameter["description"] = "Region slug, e.g. 'minsk-city'." if name == "slug" else f"Stable {name}."
        return parameters

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            # An empty query value means "not given" (as in the site's filter forms), so it is valid.
            if parameter.get("in") == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def get_auth(self):
        auths = super().get_auth()
        # Reading needs no token (StaffMayWrite): say so, or clients think a token is required.
        if self.method in ("GET", "HEAD", "OPTIONS") and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            responses.setdefault("304", {"description": "Not modified since the ETag / Last-Modified you sent."})
        for code, description in ERRORS.items():
            if code == "403" and self.method == "GET":
                continue
            response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
            responses.setdefault(code, {**response, "description": description})
        return responses
