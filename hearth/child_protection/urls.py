from django.urls import path

from hearth.child_protection import views

app_name = "child_protection"

urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("children/<int:child_id>/", views.child, name="child"),
    path(
        "children/<int:child_id>/strategy-discussions/new/",
        views.strategy_new,
        name="strategy_new",
    ),
    path("children/<int:child_id>/enquiries/<int:pk>/", views.enquiry, name="enquiry"),
    path("children/<int:child_id>/conferences/new/", views.conference_new, name="conference_new"),
    path("children/<int:child_id>/cp-plans/<int:pk>/", views.cp_plan, name="cp_plan"),
    path("children/<int:child_id>/cin-plans/new/", views.cin_plan_new, name="cin_plan_new"),
    path("children/<int:child_id>/cin-plans/<int:pk>/", views.cin_plan, name="cin_plan"),
    path("children/<int:child_id>/pre-proceedings/new/", views.plo_new, name="plo_new"),
    path("children/<int:child_id>/pre-proceedings/<int:pk>/", views.plo, name="plo"),
]
