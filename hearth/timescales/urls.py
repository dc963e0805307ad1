from django.urls import path

from hearth.timescales import views

app_name = "timescales"

urlpatterns = [
    path("rules/", views.rules, name="rules"),
    path("calendar/", views.bank_holiday_calendar, name="calendar"),
]
