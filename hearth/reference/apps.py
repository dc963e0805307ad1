from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "hearth.reference"
    label = "reference"
    verbose_name = "Reference data (DfE and local code lists)"
