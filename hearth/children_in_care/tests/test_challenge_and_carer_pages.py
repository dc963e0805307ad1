"""The IRO challenge page's two forms (escalate, resolve) and a carer's record form: a valid
post saves through the service and says so, a refusal shows on the form and saves nothing."""

from datetime import date

from django.urls import reverse

from hearth.children_in_care import services
from hearth.children_in_care.models import ChallengeStage


def _date(prefix: str, on: date) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(on, part)) for part in ("day", "month", "year")}


def _raise(period, iro):
    return services.iro_challenge_raise(
        user=iro, period=period, raised_on=date(2026, 6, 1), issue="Drift", addressed_to="TM"
    )


def test_the_iro_escalates_a_challenge_from_its_page(signed_in, period, iro):
    challenge = _raise(period, iro)
    url = reverse("children_in_care:challenge", args=[period.child_id, challenge.pk])
    response = signed_in(iro).post(
        url,
        {
            "action": "escalate",
            **_date("escalate-date", date(2026, 6, 8)),
            "escalate-outcome": "No response",
            "escalate-addressed_to": "Head of service",
        },
        follow=True,
    )
    assert "Challenge escalated" in response.content.decode()
    assert challenge.steps.count() == 2
    assert challenge.steps.order_by("-id").first().stage != ChallengeStage.INFORMAL


def test_the_iro_resolves_a_challenge_from_its_page(signed_in, period, iro):
    challenge = _raise(period, iro)
    url = reverse("children_in_care:challenge", args=[period.child_id, challenge.pk])
    response = signed_in(iro).post(
        url,
        {
            "action": "resolve",
            **_date("resolve-date", date(2026, 6, 9)),
            "resolve-resolution": "Plan agreed",
        },
        follow=True,
    )
    assert "Challenge resolved" in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.resolved_on == date(2026, 6, 9)


def test_a_refused_escalation_shows_on_the_form_and_saves_nothing(signed_in, period, iro):
    challenge = _raise(period, iro)
    url = reverse("children_in_care:challenge", args=[period.child_id, challenge.pk])
    response = signed_in(iro).post(
        url,
        {
            "action": "escalate",
            **_date("escalate-date", date(2026, 5, 20)),
            "escalate-outcome": "No response",
            "escalate-addressed_to": "Head of service",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert challenge.steps.count() == 1


def test_a_manager_adds_a_record_to_a_carers_page(signed_in, carers, team_manager, today):
    url = reverse("children_in_care:carer", args=[carers.pk])
    kind = carers.records.model._meta.get_field("kind").choices[0][0]
    posted = {"kind": kind, **_date("date", date(2026, 6, 1)), "notes": "Annual review"}
    response = signed_in(team_manager).post(url, posted, follow=True)
    assert "Record added" in response.content.decode()
    assert carers.records.filter(notes="Annual review").exists()
