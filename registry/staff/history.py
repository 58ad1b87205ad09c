"""History pages that only show: an old version can be read, never saved back; and records that only show.

simple_history's "Revert" saves a whole old version through the admin form on POST after checking only the
view permission, past the services, edit locking and the publish permission. To restore an old value, staff
type it into the record's own change form, which runs every check an edit runs.
"""

from django.contrib import admin
from django.http import HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """Every model admin's base: the History page and its old versions, read-only for everyone."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        # An old version is shown as text, not as a form that looks as if it could be saved.
        readonly = list(super().get_readonly_fields(request, obj))
        if request.resolver_match and request.resolver_match.url_name.endswith("_simple_history"):
            readonly += [field.name for field in self.model._meta.fields if field.name not in readonly]
        return readonly


class RecordAdmin(admin.ModelAdmin):
    """A row that is itself the record of something done elsewhere (a release, a publication request, a merge):
    listed and read, never typed in, edited or deleted."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
