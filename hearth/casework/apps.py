from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "hearth.casework"
    label = "casework"
    verbose_name = "Casework"
