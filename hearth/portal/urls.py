from django.urls import path

from hearth.portal import views

app_name = "portal"

urlpatterns = [
    # Public: the invitation link and signing in (password, then a one-time code).
    path("welcome/start/<str:token>/", views.start, name="start"),
    path("welcome/sign-in/", views.sign_in, name="sign_in"),
    path("welcome/code/", views.code, name="code"),
    path("welcome/signed-out/", views.signed_out, name="signed_out"),
    path("welcome/forgot-password/", views.forgot_password, name="forgot_password"),
    path("welcome/new-password/<str:token>/", views.new_password, name="new_password"),
    # The young person's own pages.
    path("", views.home, name="home"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("before-my-meeting/", views.meeting, name="meeting"),
    path("my-plan/", views.plan, name="plan"),
    path("my-story/", views.story, name="story"),
    path("files/<int:share_id>/", views.shared_file, name="file"),
    path("my-pathway-plan/", views.pathway_plan, name="pathway_plan"),
    path("my-health-history/", views.health_history, name="health_history"),
    path("money-and-help/", views.entitlements, name="entitlements"),
    path("i-need-help/", views.need_help, name="help"),
    path("messages/", views.conversation, name="messages"),
    path("council/", views.council, name="council"),
    # Staff.
    path("staff/children/<int:child_id>/", views.staff_child, name="staff_child"),
    path("staff/children/<int:child_id>/invite/", views.staff_invite, name="staff_invite"),
    path("staff/children/<int:child_id>/share/", views.staff_share, name="staff_share"),
    path(
        "staff/children/<int:child_id>/shares/<int:share_id>/withdraw/",
        views.staff_share_withdraw,
        name="staff_share_withdraw",
    ),
    path("staff/children/<int:child_id>/suspend/", views.staff_suspend, name="staff_suspend"),
    path("staff/children/<int:child_id>/reinstate/", views.staff_reinstate, name="staff_reinstate"),
    path(
        "staff/children/<int:child_id>/reset-password/",
        views.staff_password_reset,
        name="staff_password_reset",
    ),
    path(
        "staff/children/<int:child_id>/views/<int:views_id>/",
        views.staff_views,
        name="staff_views",
    ),
    path("staff/children/<int:child_id>/reply/", views.staff_reply, name="staff_reply"),
    path("staff/children/<int:child_id>/help/<int:help_id>/", views.staff_help, name="staff_help"),
    path("staff/council/", views.staff_council, name="staff_council"),
    path("staff/council/<int:pk>/", views.staff_idea, name="staff_idea"),
    path("staff/council/<int:pk>/meeting/", views.staff_idea_meeting, name="staff_idea_meeting"),
]
