"""The API's JSON renderer (settings.REST_FRAMEWORK's default). Its own module, importing nothing of the registry:
DRF imports it while the API's views are still being imported."""

from __future__ import annotations

import re

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder


class FastJSONRenderer(JSONRenderer):
    """DRF's JSON written by orjson (several times faster on a page of 50 people), byte for byte but a tiny
    float's exponent (1e-7, not 1e-07); an orjson.Fragment (a person's document, stored compact as DRF writes JSON)
    is written as it is. Dates and times, decimals and lazy translations go through DRF's own encoder, so they read
    as before; an indented answer (`Accept: application/json; indent=2`) is still DRF's."""

    _default = JSONEncoder().default

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            out = orjson.dumps(data, default=self._default, option=orjson.OPT_PASSTHROUGH_DATETIME)
        except orjson.JSONEncodeError:
            # A dict keyed by numbers: DRF's errors for the lines of a list (`{"breakdown": {0: {...}}}`), which
            # DRF's renderer writes with string keys. Only then: the option nearly doubles the time of a page.
            out = orjson.dumps(data, default=self._default, option=_NUMBER_KEYS)
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            # Read back first: DRF's encoder knows no orjson.Fragment (a document sent as PostgreSQL wrote it).
            return super().render(orjson.loads(out), accepted_media_type, renderer_context)
        # As DRF does: the two line separators JavaScript strings may not hold, escaped. Their first byte is looked
        # for first, with memchr: searching a page for the whole separators was slower than writing it.
        return _SEPARATORS.sub(_escaped, out) if _SEPARATORS_START in out else out


_NUMBER_KEYS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
# U+2028 and U+2029 in UTF-8; every character from U+2000 to U+2FFF starts with this byte.
_SEPARATORS_START = b"\xe2"
_SEPARATORS = re.compile(b"\xe2\x80([\xa8\xa9])")


def _escaped(match: re.Match) -> bytes:
    return rb"\u2028" if match[1] == b"\xa8" else rb"\u2029"
