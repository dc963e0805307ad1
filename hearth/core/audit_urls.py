from django.urls import path

from hearth.core import audit_views

app_name = "audit"

urlpatterns = [
    path("children/<int:child_id>/", audit_views.child_audit, name="child_audit"),
]
