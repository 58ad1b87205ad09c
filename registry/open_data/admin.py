"""Releases in the admin: read-only records (a release is never edited or deleted), and a button for
Reviewers that queues the next release (registry.open_data.tasks)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from registry.models import Release, ReleaseFile
from registry.open_data.tasks import publish_release_task
from registry.staff.history import RecordAdmin
from registry.staff.roles import PUBLISH_RELEASE_PERMISSION as PUBLISH_PERMISSION


class ReleaseFileInline(admin.TabularInline):
    model = ReleaseFile
    fields = ["name", "size", "sha256", "download"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description="download")
    def download(self, stored: ReleaseFile) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("data_release_file", args=[stored.release.number, stored.name]), stored.name
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Release)
class ReleaseAdmin(RecordAdmin):
    list_display = ["number", "published_at", "published_by", "people_named", "withdrawn_count", "amended_at"]
    fields = ["number", "published_at", "published_by", "counts", "changelog_summary", "withdrawn_count", "amended_at"]
    readonly_fields = fields
    inlines = [ReleaseFileInline]
    change_list_template = "admin/registry/release/change_list.html"

    @admin.display(description="people named")
    def people_named(self, release: Release) -> int:
        return release.counts.get("prisoners", 0)

    @admin.display(description="changes since the previous release")
    def changelog_summary(self, release: Release) -> dict:
        return release.changelog.get("summary", {})

    def get_urls(self):
        publish = self.admin_site.admin_view(require_POST(self.publish_view))
        return [path("publish/", publish, name="registry_release_publish"), *super().get_urls()]

    def publish_view(self, request):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        transaction.on_commit(lambda: publish_release_task.enqueue(request.user.pk))
        messages.success(request, "The next release is being prepared; it appears here when it is published.")
        return redirect("admin:registry_release_changelist")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_publish": request.user.has_perm(PUBLISH_PERMISSION)}
        return super().changelist_view(request, extra_context)
