from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from registry import signals  # noqa: F401  (connects the search-key receivers)
        from registry.audit import fill_change_reason
        from registry.db import documents
        from registry.db.version_triggers import install_triggers_after_migrate
        from registry.queries.profile import stored_page_sql
        from registry.staff.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="registry.sync_roles")
        post_migrate.connect(install_triggers_after_migrate, dispatch_uid="registry.data_version_triggers")
        # The profile page's rows are stored with each document; the page says what it reads.
        documents.store_page(stored_page_sql)
        post_migrate.connect(documents.install_after_migrate, dispatch_uid="registry.person_documents")
        pre_create_historical_record.connect(fill_change_reason, dispatch_uid="registry.fill_change_reason")


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the registry's site (two-factor login when REQUIRE_2FA is on)."""

    default = False  # named explicitly in INSTALLED_APPS; RegistryConfig stays this module's default

    default_site = "registry.staff.admin_site.StaffAdminSite"

    def ready(self) -> None:
        super().ready()
        # Each app keeps its admin with its other staff tools: <app>/staff/admin.py; releases theirs with the
        # rest of open data (registry/open_data/admin.py), a layer above the staff tools.
        autodiscover_modules("staff.admin", "open_data.admin")
