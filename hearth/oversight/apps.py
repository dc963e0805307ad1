from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "hearth.oversight"
    label = "oversight"
    verbose_name = "Supervision, management oversight and quality assurance"

    def ready(self) -> None:
        from hearth.oversight import rules

        rules.register()
