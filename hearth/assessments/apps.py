from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "hearth.assessments"
    label = "assessments"
    verbose_name = "CIN episodes and assessments"

    def ready(self) -> None:
        from hearth.assessments import rules

        rules.register()
