from django.apps import AppConfig


class AdoptionConfig(AppConfig):
    name = "hearth.adoption"
    label = "adoption"
    verbose_name = "Adoption and special guardianship"

    def ready(self) -> None:
        from hearth.adoption import rules

        rules.register()
