from django.apps import AppConfig


class ChildrenInCareConfig(AppConfig):
    name = "hearth.children_in_care"
    label = "children_in_care"
    verbose_name = "Children in care"

    def ready(self) -> None:
        from hearth.children_in_care import rules

        rules.register()
