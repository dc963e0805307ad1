"""Read-only extracts for the returns: the SSDA903 OC3 table and Ofsted Annex A list 9.

OC3 (DOMAIN.md 3.2, 3.3.11): one row per young person whose 17th, 18th, 19th, 20th or 21st
birthday falls in the collection year (`year` = 1 April `year` to 31 March `year + 1`) and
who was eligible when they left care (13 weeks looked after since 14, some time after 16:
rule 1001). Left out: died in care (REC E2, rule 1000), care taken over by another LA (E3,
1011), still looked after on the birthday (1007), left care after the birthday (1016).
IN_TOUCH, ACTIV and ACCOM come from the contact, accommodation and activity histories around
the birthday (rules.oc3_items; the window is in docs/domain/care-leavers.md). Dates are
`date` objects; the renderer formats them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.care_leavers import rules
from hearth.care_leavers.selectors import (
    PERSON_FIELDS,
    _home_since,
    cohort_rows,
    histories,
    in_force,
    narrowed,
    years_before,
)
from hearth.people.models import Person

OC3_COLUMNS = ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")
OC3_AGES = (17, 18, 19, 20, 21)
LIST9_COLUMNS = (
    "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
    "Allocated Personal Advisor",
    "Eligibility Category",
    "Latest Pathway Plan Review Date",
    "LA in Touch",
    "Latest Date of Contact",
    "Type of Accommodation",
    "Suitability of Accommodation",
    "Activity Status",
)


def _child_id(person: Person) -> str:
    return person.la_child_id or str(person.pk)


def oc3_rows(year: int) -> list[dict[str, Any]]:
    """The OC3 table for the collection year starting 1 April `year`. A fixed number of
    queries (the people, their episodes, contacts, accommodation and activity)."""
    from hearth.care_leavers.models import Accommodation, Activity, Contact

    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    people = list(
        Person.objects.filter(
            date_of_birth__gt=years_before(start, 22),
            date_of_birth__lte=years_before(end, 17),
        )
        .only(*PERSON_FIELDS)
        .order_by("id")
    )
    found = histories(people)
    kept = [p for p in people if p.pk in found and found[p.pk].spells]
    contacts: dict[int, list[tuple[date, str]]] = {}
    for pid, on, outcome in narrowed(Contact.objects.all(), kept).values_list(
        "young_person_id", "contact_on", "outcome"
    ):
        contacts.setdefault(pid, []).append((on, outcome))
    accommodation: dict[int, list[Accommodation]] = {}
    for acc in narrowed(Accommodation.objects.all(), kept):
        accommodation.setdefault(acc.young_person_id, []).append(acc)
    activities: dict[int, list[Activity]] = {}
    for act in narrowed(Activity.objects.all(), kept):
        activities.setdefault(act.young_person_id, []).append(act)
    rows = []
    for person in people:
        history = found.get(person.pk)
        if history is None or not history.spells:
            continue
        row = _oc3_row(
            person,
            history,
            start,
            end,
            contacts.get(person.pk, []),
            accommodation.get(person.pk, []),
            activities.get(person.pk, []),
        )
        if row is not None:
            rows.append(row)
    return rows


def _oc3_row(
    person: Person,
    history: rules.CareHistory,
    start: date,
    end: date,
    contacts: list[tuple[date, str]],
    accommodation: list[Any],
    activities: list[Any],
) -> dict[str, Any] | None:
    born = history.born
    birthday_on = next(
        (b for b in (rules.birthday(born, n) for n in OC3_AGES) if start <= b <= end), None
    )
    if birthday_on is None or history.looked_after_on(birthday_on):
        return None
    left = history.last_left(birthday_on)
    if left is None or left.rec in rules.DIED_IN_CARE_RECS | rules.TRANSFERRED_RECS:
        return None
    if not rules.was_eligible_on_leaving(history, left):
        return None
    if history.died_on is not None and history.died_on < (left.end or birthday_on):
        return None
    acc = in_force(accommodation, birthday_on)
    act = in_force(activities, birthday_on)
    items = rules.oc3_items(
        birthday_on=birthday_on,
        died_on=history.died_on,
        home_with_parent_since=_home_since(accommodation, birthday_on),
        contacts=contacts,
        activity=act.code if act else "",
        accommodation=acc.oc3_code if acc else "",
    )
    return {
        "CHILD": _child_id(person),
        "DOB": born,
        "IN_TOUCH": items.in_touch,
        "ACTIV": items.activ,
        "ACCOM": items.accom,
    }


_ACCOM_GROUPS = {
    "B": "a) With parents or relatives",
    "C": "b) Community home or other form of residential care",
    "D": "c) Semi-independent, transitional accommodation",
    "E": "d) Supported lodgings",
    "G": "e) Gone abroad",
    "H": "f) Deported",
    "K": "g) Ordinary lodgings, without formal support",
    "R": "h) Residence not known",
    "S": "i) No fixed abode / homeless",
    "T": "j) Foyers",
    "U": "k) Independent living",
    "V": "l) Emergency accommodation",
    "W": "m) Bed and breakfast",
    "X": "n) In custody",
    "Z": "o) With former foster carers",
    "Y": "p) Other accommodation",
}


def annex_a_list_9(as_of: date) -> list[dict[str, Any]]:
    """List 9: every young person entitled to leaving care services on `as_of` (eligible,
    relevant, former relevant, qualifying) and not closed to the service, with the list's own
    columns keyed by the 2024 template names plus "Child Unique ID" and "person" (the Person,
    for the common columns). A fixed number of queries."""
    from hearth.reference import lookups

    rows = []
    for row in cohort_rows(as_of):
        if not row.owed_duty:
            continue
        person = row.person
        acc = row.accommodation
        in_touch = row.gap is not None and not row.gap.not_in_touch
        if row.last_in_touch is None and not row.contacts:
            touch = "c) Not recorded"
        else:
            touch = "a) In touch" if in_touch else "b) Not in touch"
        activity = row.activity
        rows.append(
            {
                "person": person,
                "Child Unique ID": _child_id(person),
                LIST9_COLUMNS[0]: "a) Yes" if person.uasc else "b) No",
                LIST9_COLUMNS[1]: str(row.adviser) if row.adviser else "",
                LIST9_COLUMNS[2]: row.eligibility.annex_a_label,
                LIST9_COLUMNS[3]: row.latest_plan_on,
                LIST9_COLUMNS[4]: touch,
                LIST9_COLUMNS[5]: row.contacts[-1][0] if row.contacts else None,
                LIST9_COLUMNS[6]: _ACCOM_GROUPS.get(acc.accommodation_type, "p) Other")
                if acc
                else "",
                LIST9_COLUMNS[7]: ("a) Suitable" if acc.suitable else "b) Not suitable")
                if acc
                else "c) Not in touch or not recorded",
                LIST9_COLUMNS[8]: (
                    f"{activity.code}: {lookups.description('oc3_activity', activity.code)}"
                )
                if activity
                else "",
            }
        )
    return rows
