from django.urls import path

from hearth.returns import views
from hearth.returns.annex_a import views as annex_a_views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/download/", views.download, name="download"),
    path("data-quality/", views.data_quality, name="data_quality"),
    path("annex-a/", annex_a_views.annex_a, name="annex_a"),
]
