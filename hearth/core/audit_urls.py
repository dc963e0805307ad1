from django.urls import path

from hearth.core import audit_views

app_name = "audit"

urlpatterns = [
    path("", audit_views.index, name="index"),
    path("children/<int:child_id>/", audit_views.child_audit, name="child_audit"),
    path("users/<int:user_id>/", audit_views.user_audit, name="user_audit"),
]
