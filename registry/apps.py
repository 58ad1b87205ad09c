from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from registry.audit import fill_change_reason
        from registry.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="registry.sync_roles")
        pre_create_historical_record.connect(fill_change_reason, dispatch_uid="registry.fill_change_reason")
