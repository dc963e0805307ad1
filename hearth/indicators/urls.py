from django.urls import path

from hearth.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh, name="refresh"),
    path("export.<str:fmt>", views.export, name="export"),
    path("inspection/", views.inspection, name="inspection"),
    path("inspection/self-evaluation.xlsx", views.inspection_export, name="inspection_export"),
    path("<slug:indicator_id>/children/", views.children, name="children"),
]
