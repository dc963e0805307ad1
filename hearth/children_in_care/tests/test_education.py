"""Education of looked after children: school, PEPs (first within 10 working days, then each
term), the virtual school, exclusions and attendance, and their pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.children_in_care import rules, services
from hearth.timescales.engine import due_items

pytestmark = pytest.mark.django_db


def _date(prefix: str, on: date) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(on, part)) for part in ("day", "month", "year")}


@pytest.fixture
def pupil(allocated_child):
    allocated_child.date_of_birth = date(2016, 2, 1)
    allocated_child.save(update_fields=["date_of_birth"])
    return allocated_child


def _pep(user, period, on):
    return services.pep_record(
        user=user,
        period=period,
        held_on=on,
        virtual_school_attended=True,
        child_views="I like maths",
        targets="Reading age to 10 by July; tutor twice a week",
    )


def test_the_first_pep_is_due_10_working_days_after_care_starts(pupil, start, today):
    period = start()
    items = [i for i in due_items([period.child_id], today=today) if i.subject.startswith("Pers")]
    assert [i.rule.id for i in items] == [rules.PEP_FIRST]
    assert items[0].due == date(2026, 5, 18)  # 1 May + 10 working days, 4 May a bank holiday


def test_after_a_pep_the_next_is_due_the_next_term(pupil, start, social_worker, today):
    period = start()
    _pep(social_worker, period, date(2026, 5, 12))
    items = [i for i in due_items([period.child_id], today=today) if i.subject.startswith("Pers")]
    assert [(i.rule.id, i.due) for i in items] == [(rules.PEP_TERMLY, date(2026, 9, 12))]


def test_no_pep_is_due_for_a_baby(allocated_child, start, today):
    allocated_child.date_of_birth = date(2025, 6, 1)
    allocated_child.save(update_fields=["date_of_birth"])
    period = start()
    assert not [i for i in due_items([period.child_id], today=today) if "education" in i.subject]


def test_a_pep_needs_the_childs_views_and_whether_the_virtual_school_came(
    pupil, start, social_worker, today
):
    period = start()
    with pytest.raises(ValidationError) as error:
        services.pep_record(
            user=social_worker,
            period=period,
            held_on=today,
            virtual_school_attended=None,
            child_views=" ",
            targets="More reading",
        )
    assert set(error.value.message_dict) == {"child_views", "virtual_school_attended"}


def test_a_new_school_ends_the_last_one(pupil, social_worker, today):
    first = services.school_placement_record(
        user=social_worker,
        child=pupil,
        school_name="Ravenscroft Primary",
        school_urn="100001",
        started_on=date(2022, 9, 5),
    )
    services.school_placement_record(
        user=social_worker,
        child=pupil,
        school_name="Star Primary",
        school_urn="",
        started_on=date(2026, 6, 1),
    )
    first.refresh_from_db()
    assert first.ended_on == date(2026, 6, 1)
    with pytest.raises(ValidationError):
        services.school_placement_record(
            user=social_worker, child=pupil, school_name="X", school_urn="12ab", started_on=today
        )


def test_a_suspension_needs_its_length_and_attendance_cannot_exceed_sessions(
    pupil, social_worker, today
):
    with pytest.raises(ValidationError) as error:
        services.exclusion_record(
            user=social_worker,
            child=pupil,
            kind="suspension",
            started_on=today,
            school_days=None,
            reason="Fighting",
        )
    assert "school_days" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.attendance_record(
            user=social_worker,
            child=pupil,
            period_from=date(2026, 4, 13),
            period_to=date(2026, 5, 22),
            sessions_possible=50,
            sessions_attended=51,
        )
    row = services.attendance_record(
        user=social_worker,
        child=pupil,
        period_from=date(2026, 4, 13),
        period_to=date(2026, 5, 22),
        sessions_possible=56,
        sessions_attended=47,
    )
    assert row.percentage == 83.9
    assert row.persistently_absent


def test_an_outsider_gets_not_found_for_the_education_page(signed_in, other_worker, pupil, start):
    period = start()
    client = signed_in(other_worker)
    assert client.get(reverse("children_in_care:education", args=[pupil.pk])).status_code == 404
    url = reverse("children_in_care:pep_new", args=[pupil.pk, period.pk])
    assert client.post(url, {}).status_code == 404


def test_recording_a_pep_in_the_browser_form_shows_it_on_the_page(
    signed_in, social_worker, pupil, start, today
):
    period = start()
    client = signed_in(social_worker)
    url = reverse("children_in_care:pep_new", args=[pupil.pk, period.pk])
    response = client.post(url, {**_date("date", today), "child_views": "Happy"})
    assert "Select whether the virtual school attended" in response.content.decode()
    response = client.post(
        url,
        {
            **_date("date", today),
            "virtual_school_attended": "yes",
            "child_views": "Happy at school",
            "targets": "Join the football club",
        },
    )
    assert response.status_code == 302
    body = client.get(response.url).content.decode()
    assert "Join the football club" in body
    assert "10 October 2026" in body  # next PEP due: a term later


def test_the_education_form_kinds_save_through_the_services(
    signed_in, social_worker, pupil, start, today
):
    start()
    client = signed_in(social_worker)

    def post(kind, data):
        url = reverse("children_in_care:education_record_new", args=[pupil.pk, kind])
        return client.post(url, data)

    assert (
        post("school", {"school_name": "Star Primary", **_date("date", today)}).status_code == 302
    )
    assert (
        post(
            "virtual-school",
            {"officer": "Ms Grey", "notes": "Tutor funded", **_date("date", today)},
        ).status_code
        == 302
    )
    assert (
        post(
            "exclusion",
            {"kind": "suspension", "school_days": "2", "reason": "Fight", **_date("date", today)},
        ).status_code
        == 302
    )
    response = post(
        "attendance",
        {
            **_date("period_from", date(2026, 4, 13)),
            **_date("period_to", date(2026, 5, 22)),
            "sessions_possible": "56",
            "sessions_attended": "56",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("children_in_care:education", args=[pupil.pk])).content.decode()
    for text in ("Star Primary", "Tutor funded", "2 school days", "100.0%"):
        assert text in body
    assert (
        client.get(
            reverse("children_in_care:education_record_new", args=[pupil.pk, "nope"])
        ).status_code
        == 404
    )
