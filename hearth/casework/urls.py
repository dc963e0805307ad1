from django.urls import path

from hearth.casework import views

app_name = "casework"

urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("children/<int:child_id>/", views.child_detail, name="child_detail"),
]
