"""Staff roles as auth groups: Editor, Reviewer, Viewer.

- Editor: adds and changes records; asks for a person to be published (registry.services.request_visibility).
- Reviewer: everything an editor can, plus `registry.publish_prisoner` (approve what another asked for),
  `registry.add_release` (publish the next release of the dataset) and `registry.merge_prisoner` (merge
  duplicate records, undo a merge).
- Viewer: read-only admin.
- Health data: sees and edits people's vulnerability (health, family) — given beside one of the roles above;
  no role includes it.
Deleting a prisoner is for superusers only (see PrisonerAdmin.has_delete_permission): withdrawing a
record is done by setting it private, which history keeps.

`sync_roles()` runs after every `migrate` (post_migrate, see RegistryConfig.ready) and by
`manage.py sync_roles`; it is idempotent and sets each group's permissions to exactly this list.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

ROLE_APPS = ("registry", "pardons")
PUBLISH_PERMISSION = "registry.publish_prisoner"

EDITOR, REVIEWER, VIEWER = "Editor", "Reviewer", "Viewer"
# Health and family data (registry.models.vulnerability): only members of this group see or edit it. Give it
# beside a role, to the few who need it.
HEALTH_DATA = "Health data"
SPECIAL_CATEGORY = {"registry.vulnerability"}

# Rows an editor may remove to correct an entry; whole records (people, decrees, cases, custody,
# sources) are never deleted by editors. Removing a pardon goes through pardons.services.undo_pardon.
EDITOR_DELETABLE = {
    "pardons.pardon",
    "pardons.breakdownitem",
    "registry.prisonername",
    "registry.charge",
    "registry.placement",
    "registry.event",
}


# Published releases are never edited; Reviewers publish the next one (add), nobody else. A merge is made
# and undone only through registry.merging (Reviewers: MERGE_PERMISSION); its record is never edited.
READ_ONLY = {"registry.release", "registry.releasefile", "registry.merge"}
PUBLISH_RELEASE_PERMISSION = "registry.add_release"
MERGE_PERMISSION = "registry.merge_prisoner"


def _model_labels(apps) -> list[str]:
    return [
        model._meta.label_lower
        for app_label in ROLE_APPS
        for model in apps.get_app_config(app_label).get_models()
        if not model.__name__.startswith("Historical") and model._meta.label_lower not in SPECIAL_CATEGORY
    ]


def role_permissions(apps=global_apps) -> dict[str, set[str]]:
    """Each group's permissions as 'app_label.codename'."""
    labels = _model_labels(apps)
    view = {f"{label.split('.')[0]}.view_{label.split('.')[1]}" for label in labels}
    edit = view | {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in labels
        if label not in READ_ONLY
        for action in ("add", "change")
    }
    edit |= {f"{label.split('.')[0]}.delete_{label.split('.')[1]}" for label in EDITOR_DELETABLE}
    health = {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in SPECIAL_CATEGORY
        for action in ("view", "add", "change", "delete")
    }
    return {
        VIEWER: view,
        EDITOR: edit,
        REVIEWER: edit | {PUBLISH_PERMISSION, PUBLISH_RELEASE_PERMISSION, MERGE_PERMISSION},
        HEALTH_DATA: health,
    }


def sync_roles(apps=global_apps) -> None:
    """Create the groups and set their permissions exactly (permissions are created first if missing)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label in ROLE_APPS:
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, apps=apps)
    for name, wanted in role_permissions(apps).items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for perm in sorted(wanted):
            app_label, codename = perm.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, apps=global_apps, **kwargs) -> None:
    """post_migrate receiver: once both apps' tables exist, keep the groups true."""
    if sender.label != "pardons":
        return
    sync_roles(apps)
