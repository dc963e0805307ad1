from django.apps import AppConfig


class ChildProtectionConfig(AppConfig):
    name = "hearth.child_protection"
    label = "child_protection"
    verbose_name = "Child protection and child in need plans"
