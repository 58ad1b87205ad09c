"""Background work of open data: a release takes a while at 100,000 people, so the admin queues it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from registry.open_data.releases import publish_release


@task()
def publish_release_task(user_id: int | None = None) -> int:
    """Publish the next release in the task worker; returns its number."""
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return publish_release(by=by).number
