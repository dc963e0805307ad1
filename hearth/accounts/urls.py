from django.urls import path

from hearth.accounts import sso, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.SignInView.as_view(), name="login"),
    # Under login/ so they are open before the user is signed in (the second step of it).
    path("login/two-factor/", views.two_factor, name="two_factor"),
    path("login/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("login/timed-out/", views.timed_out, name="timed_out"),
    path("login/sso/", sso.sso_start, name="sso_start"),
    path("login/sso/callback/", sso.sso_callback, name="sso_callback"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("two-factor/recovery-codes/new/", views.recovery_codes_new, name="recovery_codes_new"),
    path("users/", views.users, name="users"),
    path("users/<int:user_id>/fte/", views.user_fte, name="user_fte"),
    path(
        "users/<int:user_id>/reset-two-factor/",
        views.two_factor_reset,
        name="two_factor_reset",
    ),
]
