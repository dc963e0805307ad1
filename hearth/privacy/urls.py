from django.urls import path

from hearth.privacy import views

app_name = "privacy"

urlpatterns = [
    path("subject-access/", views.subject_access, name="subject_access"),
    path(
        "subject-access/<int:person_id>/",
        views.subject_access_person,
        name="subject_access_person",
    ),
    path(
        "subject-access/<int:person_id>/bundle.<str:fmt>",
        views.subject_access_download,
        name="subject_access_download",
    ),
    path("retention/", views.retention_review, name="retention_review"),
    path("retention/<int:person_id>/erase/", views.erase, name="erase"),
]
