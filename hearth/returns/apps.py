from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "hearth.returns"
    label = "returns"
    verbose_name = "Statutory returns"
    default_auto_field = "django.db.models.BigAutoField"
