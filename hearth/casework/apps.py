from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "hearth.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from hearth.casework import rules

        rules.register()
