from django.urls import path

from hearth.adoption import views

app_name = "adoption"

urlpatterns = [
    path("children/", views.children, name="children"),
    path("adopters/", views.adopters, name="adopters"),
    path("adopters/new/", views.adopter_new, name="adopter_new"),
    path("adopters/<int:pk>/", views.adopter, name="adopter"),
    path("adopters/<int:pk>/stage/", views.adopter_stage, name="adopter_stage"),
    path("adopters/<int:pk>/leave/", views.adopter_leave, name="adopter_leave"),
    path("adopters/<int:pk>/restart/", views.adopter_restart, name="adopter_restart"),
    path("children/<int:child_id>/", views.child, name="child"),
    path("children/<int:child_id>/decision/", views.decision_new, name="decision_new"),
    path(
        "children/<int:child_id>/journeys/<int:pk>/placement-order/",
        views.placement_order,
        name="placement_order",
    ),
    path(
        "children/<int:child_id>/journeys/<int:pk>/fostering-for-adoption/",
        views.ffa,
        name="ffa",
    ),
    path("children/<int:child_id>/journeys/<int:pk>/match/", views.match, name="match"),
    path("children/<int:child_id>/journeys/<int:pk>/placed/", views.placed, name="placed"),
    path(
        "children/<int:child_id>/journeys/<int:pk>/adoption-order/",
        views.adoption_order,
        name="adoption_order",
    ),
    path(
        "children/<int:child_id>/journeys/<int:pk>/no-longer-placed/",
        views.reverse_decision,
        name="reverse",
    ),
    path("children/<int:child_id>/orders/new/", views.permanence_order, name="permanence_order"),
    path(
        "children/<int:child_id>/previous-permanence/",
        views.previous_permanence,
        name="previous_permanence",
    ),
    path(
        "children/<int:child_id>/later-life-letter/",
        views.later_life_letter,
        name="later_life_letter",
    ),
]
