from django.urls import path

from hearth.front_door import views

app_name = "front_door"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/pick-up/", views.contact_pick_up, name="contact_pick_up"),
    path("contacts/<int:pk>/assign/", views.contact_assign, name="contact_assign"),
    path("contacts/<int:pk>/rag/", views.contact_rag, name="contact_rag"),
    path("contacts/<int:pk>/people/", views.person_add, name="person_add"),
    path("contacts/<int:pk>/consent/", views.contact_consent, name="contact_consent"),
    path("contacts/<int:pk>/checks/new/", views.check_request, name="check_request"),
    path(
        "contacts/<int:pk>/checks/<int:check_id>/response/",
        views.check_respond,
        name="check_respond",
    ),
    path("contacts/<int:pk>/merge/", views.contact_merge, name="contact_merge"),
    path("contacts/<int:pk>/decision/", views.contact_decide, name="contact_decide"),
    path(
        "contacts/<int:pk>/decisions/<int:decision_id>/authorise/",
        views.decision_authorise,
        name="decision_authorise",
    ),
    path("contacts/<int:pk>/feedback/", views.contact_feedback, name="contact_feedback"),
    path("contacts/<int:pk>/reopen/", views.contact_reopen, name="contact_reopen"),
    path("reports/", views.reports, name="reports"),
    path("portal/", views.portal_home, name="portal_home"),
    path("portal/new/", views.portal_submit, name="portal_submit"),
    path("portal/<int:pk>/", views.portal_detail, name="portal_detail"),
]
