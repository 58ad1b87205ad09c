from django.apps import AppConfig


class PardonsConfig(AppConfig):
    name = "pardons"
    verbose_name = "Pardons"
    default_auto_field = "django.db.models.BigAutoField"
