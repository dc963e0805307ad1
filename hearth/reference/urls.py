from django.urls import path

from hearth.reference import views

app_name = "reference"

urlpatterns = [
    path("", views.code_list_index, name="index"),
    path("<slug:list_name>/", views.code_list_detail, name="detail"),
]
