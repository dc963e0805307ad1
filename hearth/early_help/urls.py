from django.urls import path  # noqa: F401

app_name = "early_help"

urlpatterns: list = []
