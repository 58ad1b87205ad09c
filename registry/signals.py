"""Keeps name-search keys current on every ORM save of a name (the one use of signals here).

Why a signal and not a call in each save path: the search keys are derived index data (like a
database index), not a business rule. A name can be saved by the admin's inline, the API's
serializers, importers, the shell and data migrations; a path that forgot a call would leave a person
unfindable by name, which for a family searching for a relative is a real harm. Hooking the save
covers every ORM path at once. Paths that bypass save() — bulk_create, QuerySet.update, raw SQL,
loaddata — must call registry.search.rebuild_search_keys (or `manage.py rebuild_search_keys`).
Deleting a name needs nothing: its key rows go with it (on_delete=CASCADE).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from registry.models import Prisoner, PrisonerName


@receiver(post_save, sender=PrisonerName, dispatch_uid="search_keys_name_saved")
def name_saved(sender, instance: PrisonerName, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: rows may arrive before their prisoner; rebuild afterwards
        return
    from registry.search import refresh_search_keys

    refresh_search_keys(prisoner=instance.prisoner)


@receiver(post_save, sender=Prisoner, dispatch_uid="search_keys_prisoner_saved")
def prisoner_saved(sender, instance: Prisoner, raw: bool = False, update_fields=None, **kwargs) -> None:
    # Status refreshes save with update_fields and cannot change a name: skip them.
    if raw or (update_fields is not None and "display_name" not in update_fields):
        return
    from registry.search import refresh_search_keys

    refresh_search_keys(prisoner=instance)
