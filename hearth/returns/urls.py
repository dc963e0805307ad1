from django.urls import path

from hearth.returns import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/download/", views.download, name="download"),
    path("data-quality/", views.data_quality, name="data_quality"),
]
