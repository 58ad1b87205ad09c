"""Who made a change, for changes that do not come through an admin request.

The admin (and any view) is covered by simple_history's HistoryRequestMiddleware. Services, imports,
management commands and the API run `with acting_as(user, reason=...)` (services take `changed_by`),
so every history row they write names the person responsible and why.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import TypeVar

from simple_history.models import HistoricalRecords

T = TypeVar("T")


@contextmanager
def acting_as(user, reason: str = "") -> Iterator[None]:
    """Attribute history rows written inside the block to `user` (no-op when user is None).

    Inside a web request that already names a user, the request's user stays in charge, so an
    admin action calling a service is never attributed to anyone else.
    """
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    previous_reason = getattr(context, "change_reason", None)
    has_request_user = getattr(getattr(previous, "user", None), "is_authenticated", False)
    if user is not None and not has_request_user:
        context.request = SimpleNamespace(user=user)
    if reason:
        context.change_reason = reason
    try:
        yield
    finally:
        if previous is None:
            if hasattr(context, "request"):
                del context.request
        else:
            context.request = previous
        if reason:
            context.change_reason = previous_reason


def fill_change_reason(sender, history_instance, **kwargs) -> None:
    """pre_create_historical_record receiver: the reason given to `acting_as`, unless one is set."""
    reason = getattr(HistoricalRecords.context, "change_reason", None)
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason


def attributable(func: Callable[..., T]) -> Callable[..., T]:
    """Let a service take `changed_by=user`: its history rows then name that user (see acting_as)."""

    @functools.wraps(func)
    def wrapper(*args, changed_by=None, **kwargs) -> T:
        with acting_as(changed_by):
            return func(*args, **kwargs)

    return wrapper
