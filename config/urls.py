from django.urls import include, path

urlpatterns = [
    path("", include("hearth.core.urls")),
    path("accounts/", include("hearth.accounts.urls")),
    path("people/", include("hearth.people.urls")),
    path("", include("hearth.casework.urls")),
    path("front-door/", include("hearth.front_door.urls")),
    path("early-help/", include("hearth.early_help.urls")),
    path("assessments/", include("hearth.assessments.urls")),
    path("child-protection/", include("hearth.child_protection.urls")),
    path("returns/", include("hearth.returns.urls")),
    path("children-in-care/", include("hearth.children_in_care.urls")),
    path("missing-and-exploitation/", include("hearth.missing_exploitation.urls")),
    path("oversight/", include("hearth.oversight.urls")),
    path("adoption/", include("hearth.adoption.urls")),
    path("leaving-care/", include("hearth.care_leavers.urls")),
    path("audit/", include("hearth.core.audit_urls")),
    path("reference/", include("hearth.reference.urls")),
    path("timescales/", include("hearth.timescales.urls")),
    path("indicators/", include("hearth.indicators.urls")),
    path("privacy/", include("hearth.privacy.urls")),
    path("api/", include("hearth.api.urls")),
]
