from django.urls import path

from hearth.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:indicator_id>/children/", views.children, name="children"),
]
