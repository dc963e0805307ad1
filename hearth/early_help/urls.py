from django.urls import path

from hearth.early_help import views

app_name = "early_help"

urlpatterns = [
    path("", views.episodes, name="episodes"),
    path("directory/", views.directory, name="directory"),
    path("episodes/<int:pk>/", views.episode_detail, name="episode_detail"),
    path("episodes/<int:pk>/step-up/", views.episode_step_up, name="episode_step_up"),
]
