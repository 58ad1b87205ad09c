"""The OpenAPI schema generator of the API (drf-spectacular), kept apart from the DRF settings imports."""

from drf_spectacular.openapi import AutoSchema


class RegistryAutoSchema(AutoSchema):
    """drf-spectacular's schema, with every path parameter described (ids and slugs)."""

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if not parameter.get("description"):
                name = parameter["name"]
                parameter["description"] = "Region slug, e.g. 'minsk-city'." if name == "slug" else f"Stable {name}."
        return parameters
