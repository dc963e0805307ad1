from django.urls import path

from hearth.people import emergency_views, views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("emergency-access/", emergency_views.emergency_access, name="emergency_access"),
    path(
        "emergency-access/open/",
        emergency_views.emergency_access_open,
        name="emergency_access_open",
    ),
    path(
        "emergency-access/<int:grant_id>/end/",
        emergency_views.emergency_access_end,
        name="emergency_access_end",
    ),
    path(
        "emergency-access/report/",
        emergency_views.emergency_access_report,
        name="emergency_access_report",
    ),
    path("add/child/", views.add_child, name="add_child"),
    path("<int:person_id>/", views.person_detail, name="person_detail"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/addresses/", views.addresses, name="addresses"),
    path("<int:person_id>/addresses/add/", views.address_add, name="address_add"),
    path(
        "<int:person_id>/addresses/<int:address_id>/end/",
        views.address_end,
        name="address_end",
    ),
    path("child/<int:child_id>/family/", views.family, name="family"),
    path("child/<int:child_id>/family/add/", views.family_add, name="family_add"),
    path("child/<int:child_id>/family/new/", views.family_new, name="family_new"),
    path(
        "child/<int:child_id>/family/add/<int:person_id>/",
        views.family_link,
        name="family_link",
    ),
    path(
        "child/<int:child_id>/family/<int:relationship_id>/end/",
        views.relationship_end,
        name="relationship_end",
    ),
]
