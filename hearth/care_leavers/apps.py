from django.apps import AppConfig


class CareLeaversConfig(AppConfig):
    name = "hearth.care_leavers"
    label = "care_leavers"
    verbose_name = "Care leavers"

    def ready(self) -> None:
        from hearth.care_leavers import due

        due.register()
