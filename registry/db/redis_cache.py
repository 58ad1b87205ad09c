"""Django's Redis cache, made to fail open: when Redis cannot be reached the registry answers uncached.

Everything kept in the caches can be recomputed from PostgreSQL (answers keyed by the data version,
throttle and report counters), so losing Redis for a while costs speed and rate limits, never a page.
Each failure is logged; `/readyz` reports Redis as down meanwhile.
"""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

log = logging.getLogger(__name__)
_UNREACHABLE = (ConnectionError, TimeoutError)
# What each method answers while Redis is unreachable: as if the cache were empty and accepted nothing.
_FALLBACK = {
    "get": lambda key, default=None, *args, **kwargs: default,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "add": lambda *args, **kwargs: False,
    "set": lambda *args, **kwargs: None,
    "set_many": lambda keys, *args, **kwargs: list(keys),
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: False,
    "incr": lambda *args, **kwargs: _no_counter(),
}


def _no_counter():
    # What Django's incr raises for a missing key; callers (django-ratelimit) already handle it.
    raise ValueError("Redis is unreachable")


def _fail_open(name: str):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _UNREACHABLE as exc:
            log.warning("Redis unreachable (%s); answering without the cache", type(exc).__name__)
            return _FALLBACK[name](*args, **kwargs)

    return wrapper


class FailOpenRedisCache(RedisCache):
    """RedisCache whose reads miss and writes are dropped while Redis is down (limits then let requests by)."""


for _name in _FALLBACK:
    setattr(FailOpenRedisCache, _name, _fail_open(_name))
