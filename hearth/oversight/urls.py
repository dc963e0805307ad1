from django.urls import path

from hearth.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.home, name="home"),
    path("supervision/<int:worker_id>/", views.supervision_record, name="supervision_record"),
    path("supervision/<int:worker_id>/agreement/", views.agreement_edit, name="agreement_edit"),
    path("supervision/<int:worker_id>/sessions/new/", views.session_new, name="session_new"),
    path("supervision/sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path(
        "supervision/actions/<int:action_id>/complete/",
        views.supervision_action_complete,
        name="supervision_action_complete",
    ),
    path("teams/<int:team_id>/supervision/", views.team_supervision, name="team_supervision"),
    path("children/<int:child_id>/", views.child_oversight, name="child_oversight"),
    path("children/<int:child_id>/new/", views.oversight_new, name="oversight_new"),
    path(
        "children/<int:child_id>/actions/<int:action_id>/complete/",
        views.oversight_action_complete,
        name="oversight_action_complete",
    ),
    path("overdue/", views.overdue, name="overdue"),
    path("caseloads/", views.caseloads, name="caseloads"),
    path("teams/<int:team_id>/", views.team_page, name="team_page"),
    path("audits/", views.audits, name="audits"),
    path("audits/programmes/new/", views.programme_new, name="programme_new"),
    path("audits/learning/", views.learning, name="learning"),
    path("audits/<int:audit_id>/", views.audit_detail, name="audit_detail"),
]
