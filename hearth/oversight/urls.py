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
    path("improvement/", views.improvement_plan, name="improvement_plan"),
    path("improvement/areas/new/", views.improvement_area_new, name="improvement_area_new"),
    path("improvement/areas/<int:area_id>/", views.improvement_area, name="improvement_area"),
    path(
        "improvement/areas/<int:area_id>/rate/",
        views.improvement_area_rate,
        name="improvement_area_rate",
    ),
    path(
        "improvement/areas/<int:area_id>/actions/new/",
        views.improvement_action_new,
        name="improvement_action_new",
    ),
    path(
        "improvement/actions/<int:action_id>/",
        views.improvement_action,
        name="improvement_action",
    ),
    path("leadership/", views.leadership, name="leadership"),
    path("leadership/new/", views.leadership_new, name="leadership_new"),
    path(
        "leadership/<int:engagement_id>/change/",
        views.leadership_change,
        name="leadership_change",
    ),
]
