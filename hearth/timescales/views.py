"""Reference pages: the rule catalogue and the bank holidays of a year. Any signed-in user."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hearth.timescales import presenters
from hearth.timescales.calendar import FIRST_YEAR, LAST_YEAR
from hearth.timescales.forms import YearForm


def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "timescales/rules.html", {"sections": presenters.rule_sections()})


def bank_holiday_calendar(request: HttpRequest) -> HttpResponse:
    data = request.GET if "year" in request.GET else {"year": timezone.localdate().year}
    form = YearForm(data)
    context: dict[str, object] = {"form": form, "year": None}
    if form.is_valid():
        year = form.cleaned_data["year"]
        context.update(
            year=year,
            holidays=presenters.bank_holiday_rows(year),
            working_days=presenters.working_days_in_year(year),
            previous_year=year - 1 if year > FIRST_YEAR else None,
            next_year=year + 1 if year < LAST_YEAR else None,
        )
    return render(request, "timescales/calendar.html", context)
