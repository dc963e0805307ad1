from django.urls import path

from hearth.care_leavers import views

app_name = "care_leavers"

_YP = "young-people/<int:child_id>/"

urlpatterns = [
    path("", views.service, name="service"),
    path("transition/", views.transition, name="transition"),
    path("caseload/", views.caseload, name="caseload"),
    path(_YP, views.young_person, name="young_person"),
    path(_YP + "adviser/", views.adviser_new, name="adviser_new"),
    path(_YP + "needs-assessment/", views.needs_assessment_new, name="needs_assessment_new"),
    path(_YP + "pathway-plan/", views.pathway_plan_new, name="pathway_plan_new"),
    path(_YP + "contacts/new/", views.contact_new, name="contact_new"),
    path(_YP + "contact-frequency/", views.frequency_new, name="frequency_new"),
    path(_YP + "accommodation/new/", views.accommodation_new, name="accommodation_new"),
    path(_YP + "activity/new/", views.activity_new, name="activity_new"),
    path(_YP + "changes/new/", views.change_new, name="change_new"),
    path(_YP + "entitlements/new/", views.entitlement_new, name="entitlement_new"),
    path(_YP + "support-to-25/", views.support_request_new, name="support_request_new"),
    path(_YP + "health-history/", views.health_history_new, name="health_history_new"),
    path(_YP + "end/", views.service_end_new, name="service_end_new"),
    path(_YP + "detained-at-16/", views.detention_new, name="detention_new"),
    path(_YP + "move-case/", views.case_move, name="case_move"),
]
