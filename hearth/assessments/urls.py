from django.urls import path

from hearth.assessments import views

app_name = "assessments"

urlpatterns = [
    path("team/", views.team_assessments, name="team"),
    path("child/<int:child_id>/", views.child_assessments, name="child"),
    path("child/<int:child_id>/episodes/new/", views.episode_open, name="episode_open"),
    path(
        "child/<int:child_id>/episodes/<int:episode_id>/primary-need/",
        views.episode_primary_need,
        name="episode_primary_need",
    ),
    path(
        "child/<int:child_id>/episodes/<int:episode_id>/close/",
        views.episode_close,
        name="episode_close",
    ),
    path(
        "child/<int:child_id>/episodes/<int:episode_id>/assessments/new/",
        views.assessment_new,
        name="new",
    ),
    path("child/<int:child_id>/<int:assessment_id>/", views.assessment_detail, name="detail"),
    path("child/<int:child_id>/<int:assessment_id>/edit/", views.assessment_edit, name="edit"),
    path(
        "child/<int:child_id>/<int:assessment_id>/autosave/",
        views.assessment_autosave,
        name="autosave",
    ),
    path(
        "child/<int:child_id>/<int:assessment_id>/kept/<int:kept_id>/dismiss/",
        views.kept_text_dismiss,
        name="kept_dismiss",
    ),
    path(
        "child/<int:child_id>/<int:assessment_id>/decide/", views.assessment_decide, name="decide"
    ),
]
