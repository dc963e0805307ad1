from django.urls import path

from hearth.casework import views

app_name = "casework"

urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("team-work/", views.team_work, name="team_work"),
    path("children/<int:child_id>/", views.child_detail, name="child_detail"),
    path("children/<int:child_id>/chronology/", views.chronology, name="chronology"),
    path("children/<int:child_id>/allocate/", views.allocate, name="allocate"),
    path("children/<int:child_id>/case-notes/new/", views.case_note_new, name="case_note_new"),
    path(
        "children/<int:child_id>/case-notes/autosave/",
        views.case_note_autosave,
        name="case_note_autosave",
    ),
    path(
        "children/<int:child_id>/case-notes/<int:note_id>/",
        views.case_note,
        name="case_note",
    ),
    path("children/<int:child_id>/documents/new/", views.document_new, name="document_new"),
    path(
        "children/<int:child_id>/documents/<int:document_id>/",
        views.document_download,
        name="document_download",
    ),
]
