from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from hearth.api import pages, views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", pages.docs, name="docs"),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/new/", pages.token_new, name="token_new"),
    path("tokens/<int:token_id>/revoke/", pages.token_revoke, name="token_revoke"),
    path("v1/children/", views.ChildList.as_view(), name="children"),
    path("v1/children/<int:child_id>/", views.ChildDetail.as_view(), name="child"),
    path(
        "v1/children/<int:child_id>/allocations/",
        views.ChildAllocations.as_view(),
        name="child_allocations",
    ),
    path(
        "v1/children/<int:child_id>/due-items/",
        views.ChildDueItems.as_view(),
        name="child_due_items",
    ),
    path("v1/due-items/", views.MyDueItems.as_view(), name="my_due_items"),
    path("v1/referrals/", views.Referrals.as_view(), name="referrals"),
    path("v1/referrals/<int:referral_id>/", views.ReferralDetail.as_view(), name="referral"),
    # Anything else under /api/v1/ answers a JSON 404, never the HTML error page.
    re_path(r"^v1/", views.not_found, name="not_found"),
]
