from django.urls import path

from hearth.children_in_care import views

app_name = "children_in_care"

urlpatterns = [
    path("reviews-due/", views.reviews_due, name="reviews_due"),
    path("iro-challenges/", views.challenges, name="challenges"),
    path("permanence/", views.permanence, name="permanence"),
    path("carers/", views.carers, name="carers"),
    path("carers/new/", views.carer_new, name="carer_new"),
    path("carers/<int:pk>/", views.carer, name="carer"),
    path("recruitment/", views.recruitment, name="recruitment"),
    path("recruitment/new/", views.enquiry_new, name="enquiry_new"),
    path("recruitment/<int:pk>/", views.enquiry_progress, name="enquiry_progress"),
    path("sufficiency/", views.sufficiency, name="sufficiency"),
    path("council/", views.council, name="council"),
    path("council/new/", views.council_meeting_new, name="council_meeting_new"),
    path(
        "council/issues/<int:pk>/respond/",
        views.council_issue_respond,
        name="council_issue_respond",
    ),
    path("children/<int:child_id>/", views.child, name="child"),
    path(
        "children/<int:child_id>/periods/<int:pk>/siblings/new/",
        views.sibling_assessment_new,
        name="sibling_assessment_new",
    ),
    path(
        "children/<int:child_id>/periods/<int:pk>/long-term-match/",
        views.long_term_match_new,
        name="long_term_match_new",
    ),
    path(
        "children/<int:child_id>/periods/<int:pk>/life-story/",
        views.life_story_new,
        name="life_story_new",
    ),
    path(
        "children/<int:child_id>/episodes/<int:pk>/match/",
        views.placement_match_new,
        name="placement_match_new",
    ),
    path("children/<int:child_id>/health/", views.health, name="health"),
    path(
        "children/<int:child_id>/health/<slug:kind>/new/",
        views.health_record_new,
        name="health_record_new",
    ),
    path(
        "children/<int:child_id>/periods/<int:pk>/health-assessments/new/",
        views.health_assessment_new,
        name="health_assessment_new",
    ),
    path("children/<int:child_id>/education/", views.education, name="education"),
    path(
        "children/<int:child_id>/education/<slug:kind>/new/",
        views.education_record_new,
        name="education_record_new",
    ),
    path("children/<int:child_id>/periods/<int:pk>/peps/new/", views.pep_new, name="pep_new"),
    path("children/<int:child_id>/periods/new/", views.period_start, name="period_start"),
    path(
        "children/<int:child_id>/periods/<int:pk>/legal-status/",
        views.legal_status,
        name="legal_status",
    ),
    path("children/<int:child_id>/periods/<int:pk>/placement/", views.placement, name="placement"),
    path("children/<int:child_id>/periods/<int:pk>/end/", views.period_end, name="period_end"),
    path(
        "children/<int:child_id>/periods/<int:pk>/care-plan/",
        views.care_plan_new,
        name="care_plan_new",
    ),
    path(
        "children/<int:child_id>/periods/<int:pk>/reviews/new/", views.review_new, name="review_new"
    ),
    path(
        "children/<int:child_id>/periods/<int:pk>/permanence/",
        views.permanence_new,
        name="permanence_new",
    ),
    path(
        "children/<int:child_id>/periods/<int:pk>/challenges/new/",
        views.challenge_new,
        name="challenge_new",
    ),
    path(
        "children/<int:child_id>/periods/<int:pk>/iro-contacts/new/",
        views.iro_contact_new,
        name="iro_contact_new",
    ),
    path(
        "children/<int:child_id>/episodes/<int:pk>/placement-plan/",
        views.placement_plan_new,
        name="placement_plan_new",
    ),
    path(
        "children/<int:child_id>/episodes/<int:pk>/correct/",
        views.episode_correct,
        name="episode_correct",
    ),
    path(
        "children/<int:child_id>/reviews/<str:held_on>/",
        views.review_correct,
        name="review_correct",
    ),
    path("children/<int:child_id>/challenges/<int:pk>/", views.challenge, name="challenge"),
    path(
        "children/<int:child_id>/visits/<int:pk>/bedroom/",
        views.visit_bedroom,
        name="visit_bedroom",
    ),
]
