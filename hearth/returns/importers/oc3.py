"""SSDA903 OC3 into the care leaver's record: IN_TOUCH, ACTIV and ACCOM at the young person's
17th to 21st birthday in the year become the contact, activity and accommodation records from
which hearth.care_leavers.extract works the same three codes out again.

A code is a summary of a history, so the import records only what the history needs for the
extract to give that code back (rules.oc3_items, around the birthday):
- YES, NREQ, REFU: a contact on the birthday with that outcome (in touch; no longer requires
  services; refused contact). NO: nothing, or a contact on the birthday with no response when
  the record would otherwise say in touch.
- DIED: the date of death, when none is recorded, is the birthday (the return says only that
  the young person had died by then).
- RHOM: accommodation with a parent (B, with a parent) from six months before the birthday.
- ACTIV and ACCOM (in touch only): an activity and an accommodation from the birthday, unless
  the ones already in force on the birthday carry those codes.
Records the import made carry the import account and a note; the method of a contact is not in
the return and is recorded as a message started by the adviser. The import works out the codes
from the record first: when the record already gives the return's codes it adds nothing, and
when what the record holds cannot give them (a contact in touch around the birthday where the
return says NO) the row is a problem and nothing is imported.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from hearth.care_leavers import rules
from hearth.care_leavers.extract import OC3_AGES
from hearth.care_leavers.models import (
    Accommodation,
    Activity,
    Contact,
    ContactMethod,
    ContactOutcome,
    InitiatedBy,
)
from hearth.care_leavers.selectors import AccommodationRow, ActivityRow, _home_since, in_force
from hearth.children_in_care.models import Episode
from hearth.returns.ssda903 import parse as p
from hearth.returns.ssda903 import tables as t
from hearth.timescales.rules import add_months

if TYPE_CHECKING:
    from hearth.people.models import Person
    from hearth.returns.importers.ssda903 import _Writer

IMPORTED = "Imported from the SSDA903 return"
NOT_RECORDED = f"Not recorded ({IMPORTED.lower()})"
OUTCOMES = {
    "YES": ContactOutcome.IN_TOUCH,
    "NREQ": ContactOutcome.NO_LONGER_REQUIRES,
    "REFU": ContactOutcome.REFUSED,
    "NO": ContactOutcome.NO_RESPONSE,
}
# What working the codes out and matching the import's own records read (fewer columns).
CONTACT_FIELDS = ("id", "young_person_id", "contact_on", "outcome", "recorded_by_id")
ACCOMMODATION_FIELDS = (
    "id", "young_person_id", "start_date", "accommodation_type", "with_parent", "suitable",
    "staying_close", "recorded_by_id",
)  # fmt: skip
ACTIVITY_FIELDS = ("id", "young_person_id", "start_date", "code", "recorded_by_id")
# A new record's stand-in id while working out the codes: after every saved row, in order.
_UNSAVED = 10**15


def oc3_birthday(born: date | None, year: int) -> date | None:
    """The 17th to 21st birthday in the collection year ending 31 March `year`, as the
    extract finds it."""
    if born is None:
        return None
    start, end = t.collection_period(year)
    return next((b for b in (rules.birthday(born, n) for n in OC3_AGES) if start <= b <= end), None)


class _History:
    """One young person's contacts, accommodation and activity: the saved ones and those the
    import adds, in the shape the extract reads them."""

    def __init__(self) -> None:
        self.contacts: list[tuple[date, str, Contact]] = []
        self.accommodation: list[tuple[AccommodationRow, Accommodation]] = []
        self.activities: list[tuple[ActivityRow, Activity]] = []

    def items(self, person: Person, birthday_on: date) -> tuple[str, str, str]:
        acc_rows = [r for r, _ in self.accommodation]
        acc = in_force(acc_rows, birthday_on)
        act = in_force([r for r, _ in self.activities], birthday_on)
        items = rules.oc3_items(
            birthday_on=birthday_on,
            died_on=person.date_of_death,
            home_with_parent_since=_home_since(acc_rows, birthday_on),
            contacts=[(on, outcome) for on, outcome, _ in self.contacts],
            activity=act.code if act else "",
            accommodation=acc.oc3_code if acc else "",
        )
        return items.in_touch, items.activ, items.accom


def _acc_row(acc: Accommodation, n: int) -> AccommodationRow:
    return AccommodationRow(
        acc.pk or _UNSAVED + n, acc.start_date, acc.accommodation_type, acc.with_parent,
        acc.suitable, acc.staying_close,
    )  # fmt: skip


def _histories(writer: _Writer, persons: list[Person]) -> dict[int, _History]:
    """Three queries: the saved contacts, accommodation and activity of these people."""
    found: dict[int, _History] = defaultdict(_History)  # by person id
    saved = [x for x in persons if x.pk]
    for c in Contact.objects.filter(young_person__in=saved).only(*CONTACT_FIELDS):
        found[c.young_person_id].contacts.append((c.contact_on, c.outcome, c))
    for a in Accommodation.objects.filter(young_person__in=saved).only(*ACCOMMODATION_FIELDS):
        found[a.young_person_id].accommodation.append((_acc_row(a, 0), a))
    for v in Activity.objects.filter(young_person__in=saved).only(*ACTIVITY_FIELDS):
        found[v.young_person_id].activities.append((ActivityRow(v.pk, v.start_date, v.code), v))
    return found


def import_oc3(writer: _Writer) -> None:
    rows = writer.rows(t.OC3)
    if not rows:
        return
    persons = [writer.people[r["CHILD"]] for r in rows]
    found = _histories(writer, persons)
    with_care = set(
        Episode.objects.filter(child__in=[x for x in persons if x.pk])
        .values_list("child_id", flat=True)
        .distinct()
    )
    without_care: list[str] = []
    for row in rows:
        person = writer.people[row["CHILD"]]
        birthday_on = oc3_birthday(person.date_of_birth, writer.year)
        if birthday_on is None:
            writer.files.add(
                row, "DOB", "the 17th to 21st birthday is not in the year (DfE rule 391)"
            )
            continue
        history = found[person.pk] if person.pk else _History()
        _row(writer, row, person, birthday_on, history)
        if person.pk not in with_care and not writer.episodes.get(row["CHILD"]):
            without_care.append(row["CHILD"])
    if without_care:
        shown = ", ".join(without_care[:10]) + (" ..." if len(without_care) > 10 else "")
        writer.report.notes.append(
            f"OC3: {len(without_care)} young people have no care episodes in these files or the "
            f"record ({shown}): their OC3 records are kept, and Hearth reports them in OC3 once "
            "the return of the year they left care is imported too (--ssda903-previous)"
        )


def _row(writer: _Writer, row: p.Row, person: Person, birthday_on: date, history: _History) -> None:
    wanted = (row["IN_TOUCH"] or "", row["ACTIV"] or "", row["ACCOM"] or "")
    if history.items(person, birthday_on) == wanted:
        writer.report.count("care leaver OC3 items", "unchanged")
        return
    in_touch, activ, accom = wanted
    if in_touch == "DIED":
        if person.date_of_death is None:
            writer.update(person, {"date_of_death": birthday_on}, row, "people")
    elif in_touch == "RHOM":
        _accommodation(writer, row, person, history, add_months(birthday_on, -6), "B1", True)
    elif in_touch in OUTCOMES:
        _contact(writer, row, person, history, birthday_on, OUTCOMES[in_touch])
    if in_touch == "YES":
        current = history.items(person, birthday_on)
        if current[1] != activ:
            _activity(writer, row, person, history, birthday_on, activ)
        if current[2] != accom:
            _accommodation(writer, row, person, history, birthday_on, accom, False)
    got = history.items(person, birthday_on)
    if got != wanted:
        writer.files.add(
            row,
            "IN_TOUCH, ACTIV, ACCOM",
            f"the record already holds contacts, accommodation or activity around the "
            f"{birthday_on:%d/%m/%Y} birthday that give {'/'.join(got)}, not "
            f"{'/'.join(wanted)}",
        )


def _mine(writer: _Writer, obj: object, on: date, day: date) -> bool:
    return on == day and getattr(obj, "recorded_by_id", None) == writer.user.pk


def _contact(
    writer: _Writer, row: p.Row, person: Person, history: _History, on: date, outcome: str
) -> None:
    mine = next((c for d, _, c in history.contacts if _mine(writer, c, d, on)), None)
    contact = writer.upsert(
        mine,
        partial(
            Contact,
            young_person=person,
            contact_on=on,
            method=ContactMethod.MESSAGE,
            initiated_by=InitiatedBy.ADVISER,
            notes=f"{IMPORTED} (OC3 IN_TOUCH {row['IN_TOUCH']}): the method was not recorded",
            recorded_by=writer.user,
        ),
        {"outcome": outcome},
        row,
        "care leaver contacts",
    )
    history.contacts = [x for x in history.contacts if x[2] is not contact]
    history.contacts.append((on, outcome, contact))  # type: ignore[arg-type]


def _activity(
    writer: _Writer, row: p.Row, person: Person, history: _History, on: date, code: str
) -> None:
    mine = next((v for r, v in history.activities if _mine(writer, v, r.start_date, on)), None)
    activity = writer.upsert(
        mine,
        partial(Activity, young_person=person, start_date=on, provider=NOT_RECORDED,
                recorded_by=writer.user),
        {"code": code},
        row,
        "care leaver activity",
    )  # fmt: skip
    assert isinstance(activity, Activity)
    history.activities = [x for x in history.activities if x[1] is not activity]
    n = len(history.activities) + 1
    history.activities.append((ActivityRow(activity.pk or _UNSAVED + n, on, code), activity))


def _accommodation(
    writer: _Writer,
    row: p.Row,
    person: Person,
    history: _History,
    on: date,
    code: str,
    with_parent: bool,
) -> None:
    mine = next((a for r, a in history.accommodation if _mine(writer, a, r.start_date, on)), None)
    acc = writer.upsert(
        mine,
        partial(Accommodation, young_person=person, start_date=on, recorded_by=writer.user,
                suitability_reason=NOT_RECORDED),
        {"accommodation_type": code[0], "suitable": code[1:] == "1", "with_parent": with_parent},
        row,
        "care leaver accommodation",
    )  # fmt: skip
    assert isinstance(acc, Accommodation)
    history.accommodation = [x for x in history.accommodation if x[1] is not acc]
    history.accommodation.append((_acc_row(acc, len(history.accommodation) + 1), acc))
