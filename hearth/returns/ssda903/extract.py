"""Compose the SSDA903 return from the record: one list of rows per table, keyed by the DfE's
exact CSV column names (DOMAIN.md 3.2). Read-only.

Each table is one function taking the `Cohort` (the children looked after at any time in the
year, read once) and returning its rows; dates are `date` objects and render.py writes them
dd/mm/YYYY. Episodes and reviews come from `hearth.children_in_care.extract`, Missing from
`hearth.missing_exploitation.extract`; the header, UASC and social worker episodes are built
here from people, relationships and allocations. Children are selected with subqueries,
never lists of ids, so a 50,000-child borough fits in one statement on SQLite and PostgreSQL.

`year` is the year the collection ENDS (2026 = 1 April 2025 to 31 March 2026); the pathway
extracts take the year it starts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet

from hearth.adoption import extract as adoption_extract
from hearth.care_leavers import extract as care_leavers_extract
from hearth.casework.models import Allocation
from hearth.children_in_care import extract as cic_extract
from hearth.children_in_care.models import SHORT_BREAKS, Episode
from hearth.missing_exploitation import extract as missing_extract
from hearth.people.models import Person, Relationship, RelationshipKind
from hearth.returns.ssda903 import tables as t

# A new social worker episode more than this many days after the last one ended is a new
# involvement (first contact), as rule SW10a's tolerance reads it.
SW_TOLERANCE_DAYS = 7


@dataclass
class Return903:
    """Every table of one collection year, rows in file order."""

    year: int
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def children(self) -> int:
        return len(self.tables.get(t.HEADER, []))

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


@dataclass
class Cohort:
    """The children looked after at any time in the collection year, and their episodes."""

    year: int
    start: date
    end: date
    children: dict[int, Person]
    episodes: list[dict[str, Any]]
    pk_of: dict[str, int]
    # Care leavers in OC3 who were not looked after in the year: in the header too.
    leavers: dict[int, Person] = field(default_factory=dict)

    @property
    def child_ids(self) -> QuerySet[Episode, dict[str, Any]]:
        """The children as a subquery (no list of ids, so no parameter limit)."""
        return (
            Episode.objects.in_collection_year(self.start, self.end).values("child_id").distinct()
        )


def child_id(person: Person) -> str:
    """The CHILD column: the LA child id, or Hearth's own id when there is none."""
    return person.la_child_id or str(person.pk)


def cohort_for(year: int) -> Cohort:
    """Two queries: the episode rows and the children they belong to."""
    start, end = t.collection_period(year)
    rows = cic_extract.episodes(year - 1)
    children = {
        p.pk: p
        for p in Person.objects.filter(
            pk__in=Episode.objects.in_collection_year(start, end).values("child_id")
        )
    }
    pk_of = {child_id(p): pk for pk, p in children.items()}
    return Cohort(year=year, start=start, end=end, children=children, episodes=rows, pk_of=pk_of)


def _sex(code: str, year: int) -> str:
    if year >= t.FIRST_MFU_YEAR:
        return code if code in {"M", "F"} else "U"
    return {"M": "1", "F": "2"}.get(code, "")


def _ordered(cohort: Cohort) -> list[Person]:
    return sorted(cohort.children.values(), key=child_id)


def _everyone(cohort: Cohort) -> list[Person]:
    return sorted([*cohort.children.values(), *cohort.leavers.values()], key=child_id)


def _short_breaks_only(cohort: Cohort) -> set[str]:
    """Children whose every episode in the year is a short break (V3/V4)."""
    other: set[str] = set()
    seen: set[str] = set()
    for row in cohort.episodes:
        seen.add(row["CHILD"])
        if row["LS"] not in SHORT_BREAKS:
            other.add(row["CHILD"])
    return seen - other


def _first_births(cohort: Cohort) -> dict[int, date]:
    """The date of birth of each looked-after girl's first child (one query)."""
    first: dict[int, date] = {}
    for mother, born in Relationship.objects.filter(
        relative_id__in=cohort.child_ids,
        kind=RelationshipKind.PARENT,
        child__date_of_birth__isnull=False,
        child__date_of_birth__lte=cohort.end,
    ).values_list("relative_id", "child__date_of_birth"):
        if mother not in first or born < first[mother]:
            first[mother] = born
    return first


def header_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """One row per child in the return: looked after at any time in the year, or a care
    leaver in OC3. MOTHER is 1 or 0 for girls looked after in the year with an episode other
    than a short break (393) and blank otherwise (398); MC_DOB is the date of birth of her
    first child, from the family network."""
    short_only = _short_breaks_only(cohort)
    births = _first_births(cohort)
    rows = []
    for person in _everyone(cohort):
        cid = child_id(person)
        mother = ""
        if person.sex == "F" and person.pk in cohort.children and cid not in short_only:
            mother = "1" if person.pk in births else "0"
        rows.append(
            {
                "CHILD": cid,
                "SEX": _sex(person.sex, cohort.year),
                "DOB": person.date_of_birth,
                "ETHNIC": person.ethnicity,
                "UPN": person.upn or person.upn_unknown_reason,
                "MOTHER": mother,
                "MC_DOB": births.get(person.pk) if mother == "1" else None,
            }
        )
    return rows


def episode_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """Every episode open at any time in the year (children in care's extract). HOME_POST is
    blank for unaccompanied asylum-seeking children: the DfE derives no placement distance
    for them (rules 406 and 392a)."""
    uasc = {child_id(p) for p in cohort.children.values() if p.uasc}
    rows = [{**r, "HOME_POST": ""} if r["CHILD"] in uasc else r for r in cohort.episodes]
    return sorted(rows, key=lambda r: (r["CHILD"], r["DECOM"]))


def review_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """Every looked after review held in the year (children in care's extract)."""
    rows = [r for r in cic_extract.reviews(cohort.year - 1) if r["CHILD"] in cohort.pk_of]
    return sorted(rows, key=lambda r: (r["CHILD"], r["REVIEW"]))


def _eighteenth(born: date) -> date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # 29 February
        return date(born.year + 18, 3, 1)


def uasc_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """Unaccompanied asylum-seeking children looked after in the year. Hearth holds the flag,
    not a date: UASC status ends at 18, so DUC is the 18th birthday, as the DfE's rules read
    it (304: never after it; 205B: last year's DUC is the 18th birthday and this year's the
    same date)."""
    rows = []
    for person in _ordered(cohort):
        if not person.uasc:
            continue
        born = person.date_of_birth
        ceased = _eighteenth(born) if born else None
        rows.append(
            {
                "CHILD": child_id(person),
                "SEX": _sex(person.sex, cohort.year),
                "DOB": born,
                "DUC": ceased,
            }
        )
    return rows


def missing_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """Missing and away episodes while looked after (missing and exploitation's extract)."""
    rows = [r for r in missing_extract.missing_table(cohort.year - 1) if r["CHILD"] in cohort.pk_of]
    return sorted(rows, key=lambda r: (r["CHILD"], r["MIS_START"]))


def _in_cohort(rows: list[dict[str, Any]], cohort: Cohort, *keys: str) -> list[dict[str, Any]]:
    kept = [r for r in rows if r["CHILD"] in cohort.pk_of]
    return sorted(kept, key=lambda r: tuple(r[k] or date.min for k in keys))


def oc2_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """Health and offending of children looked after continuously for 12 months at 31 March
    (children in care's extract, whose SDQ window takes in children who turn 4 or 17 in the
    year, as rules 188, 189 and 197B read it)."""
    return _in_cohort(cic_extract.oc2_rows(cohort.year - 1), cohort, "CHILD")


def _oc3_due(row: dict[str, Any], cohort: Cohort, ceased: dict[str, date]) -> bool:
    """Rule 1016: no care leaver information for a young person 17 at 31 March who ceased an
    episode on or after their 17th birthday, or 18 who ceased one on or after their 18th (the
    items cannot be left blank instead: rules 131-133 want valid codes in a row)."""
    born = row.get("DOB")
    if born is None:
        return True
    end = cohort.end
    age = end.year - born.year - ((end.month, end.day) < (born.month, born.day))
    last = ceased.get(row["CHILD"])
    return age not in (17, 18) or last is None or last < _birthday(born, age)


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February
        return date(born.year + age, 3, 1)


def oc3_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """Care leavers whose 17th to 21st birthday falls in the year (care leavers' extract).
    Those not looked after in the year join the cohort's leavers, so the header holds them."""
    ceased: dict[str, date] = {}
    for episode in cohort.episodes:
        if episode["DEC"] is not None:
            child = episode["CHILD"]
            ceased[child] = max(episode["DEC"], ceased.get(child, episode["DEC"]))
    rows = care_leavers_extract.oc3_rows(cohort.year - 1)
    rows = [r for r in rows if _oc3_due(r, cohort, ceased)]
    unknown = [r["CHILD"] for r in rows if r["CHILD"] not in cohort.pk_of]
    for chunk in range(0, len(unknown), 500):
        ids = unknown[chunk : chunk + 500]
        numeric = [int(i) for i in ids if i.isdigit()]
        for person in Person.objects.filter(Q(la_child_id__in=ids) | Q(pk__in=numeric)):
            if child_id(person) in ids:
                cohort.leavers[person.pk] = person
                cohort.pk_of[child_id(person)] = person.pk
    return sorted(rows, key=lambda r: r["CHILD"])


def ad1_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """Children adopted in the year (an episode ending E11/E12: rule 601), from adoption."""
    return _in_cohort(adoption_extract.ad1(cohort.year - 1), cohort, "CHILD")


def placed_adoption_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """Decisions that a child should be placed for adoption, and their reversal (adoption)."""
    return _in_cohort(
        adoption_extract.placed_adoption(cohort.year - 1), cohort, "CHILD", "DATE_PLACED"
    )


def prev_perm_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """Previous permanence before care (adoption's extract), for the children who started to
    be looked after in the year: it is collected as a period of care starts (rules 630 and
    634)."""
    started = {
        r["CHILD"] for r in cohort.episodes if r["RNE"] == "S" and r["DECOM"] >= cohort.start
    }
    rows = adoption_extract.prev_perm(cohort.year - 1)
    return sorted((r for r in rows if r["CHILD"] in started), key=lambda r: r["CHILD"])


def _looked_after_at_end(cohort: Cohort) -> set[str]:
    """Children whose last episode is open at 31 March and not a short break."""
    last: dict[str, dict[str, Any]] = {}
    for row in cohort.episodes:
        current = last.get(row["CHILD"])
        if current is None or row["DECOM"] >= current["DECOM"]:
            last[row["CHILD"]] = row
    return {c for c, r in last.items() if r["DEC"] is None and r["LS"] not in SHORT_BREAKS}


REASON_WORDS: tuple[tuple[str, str], ...] = (
    ("died", "SWDIED"),
    ("left", "LEFTRL"),
    ("leave", "ABSENC"),
    ("absen", "ABSENC"),
    ("sick", "ABSENC"),
    ("restructur", "ORGRST"),
    ("reorganis", "ORGRST"),
    ("transfer", "TSPROC"),
    ("stepped", "TSPROC"),
    ("caseload", "MANAGE"),
    ("manage", "MANAGE"),
    ("request", "PCCHAN"),
    ("circumstance", "CHCHAN"),
)


def sw_reason(reason: str) -> str:
    """SW_REASON for a change of worker, read from the allocation's recorded reason
    (DOMAIN.md 3.3.15: only FCONTA is confirmed; the rest are read from the words)."""
    text = reason.lower()
    for word, code in REASON_WORDS:
        if word in text:
            return code
    return "OTHERS"


@dataclass
class _Spell:
    worker_id: int
    start: date
    end: date | None
    reason: str
    staff_identifier: str = ""


def _sw_id(spell: _Spell) -> str:
    """The worker's staff identifier when it is a Social Work England number or an XX code
    (rule SW02), as an imported return gave it; else "XX" and Hearth's number."""
    own = spell.staff_identifier or ""
    if own[:2] in ("SW", "XX") and len(own) >= 4:
        return own
    return f"XX{spell.worker_id:06d}"


def _spells(allocations: list[Allocation]) -> list[_Spell]:
    """A child's allocations to named workers as social worker episodes: consecutive
    allocations to the same worker (a team move) are one episode."""
    spells: list[_Spell] = []
    for a in allocations:
        last = spells[-1] if spells else None
        if (
            last is not None
            and last.worker_id == a.worker_id
            and last.end is not None
            and a.start_date <= last.end
        ):
            last.end = a.end_date
            continue
        spells.append(
            _Spell(
                a.worker_id or 0,
                a.start_date,
                a.end_date,
                a.reason,
                getattr(a, "staff_identifier", ""),  # annotated by sw_episode_rows
            )
        )
    return spells


def sw_episode_rows(cohort: Cohort) -> list[dict[str, Any]]:
    """For children looked after at 31 March, every social worker episode in the year,
    including time before care (SW12). SW_ID is the worker's staff identifier when it is an
    SW or XX code (an imported return's, or a Social Work England number an administrator
    recorded), else "XX" and the worker's Hearth number (rule SW02 allows XX). The first
    episode of an involvement (no earlier worker, or more than 7 days since the last ended) is
    FCONTA. An allocation that ended the day it began is left out (SW09: under 24 hours)."""
    cohort_at_end = _looked_after_at_end(cohort)
    wanted = {cohort.pk_of[c] for c in cohort_at_end}
    by_child: dict[int, list[Allocation]] = defaultdict(list)
    for a in (
        Allocation.objects.filter(
            child_id__in=cohort.child_ids, worker__isnull=False, start_date__lte=cohort.end
        )
        .annotate(staff_identifier=F("worker__staff_identifier"))
        .order_by("child_id", "start_date", "id")
    ):
        if a.child_id in wanted:
            by_child[a.child_id].append(a)
    rows = []
    for pk in sorted(by_child, key=lambda pk: child_id(cohort.children[pk])):
        person = cohort.children[pk]
        previous_end: date | None = None
        for spell in _spells(by_child[pk]):
            if spell.end is not None and spell.end <= spell.start:
                continue  # allocated and moved on the same day: never the child's worker
            first_contact = previous_end is None or (
                spell.start - previous_end > timedelta(days=SW_TOLERANCE_DAYS)
            )
            previous_end = spell.end or cohort.end
            if spell.end is not None and spell.end < cohort.start:
                continue
            rows.append(
                {
                    "CHILD": child_id(person),
                    "DOB": person.date_of_birth,
                    "SW_ID": _sw_id(spell),
                    "SW_DECOM": spell.start,
                    "SW_DEC": spell.end if spell.end and spell.end <= cohort.end else None,
                    "SW_REASON": "FCONTA" if first_contact else sw_reason(spell.reason),
                }
            )
    return rows


TABLE_EXTRACTS: dict[str, Callable[[Cohort], list[dict[str, Any]]]] = {
    t.HEADER: header_rows,
    t.EPISODES: episode_rows,
    t.REVIEWS: review_rows,
    t.UASC: uasc_rows,
    t.OC2: oc2_rows,
    t.OC3: oc3_rows,
    t.AD1: ad1_rows,
    t.PLACED_ADOPTION: placed_adoption_rows,
    t.PREV_PERM: prev_perm_rows,
    t.MISSING: missing_rows,
    t.SW_EPISODES: sw_episode_rows,
}


def ssda903_extract(year: int) -> Return903:
    """The SSDA903 return for the collection ending 31 March `year`: every table Hearth
    records, each row in CHILD order."""
    cohort = cohort_for(year)
    result = Return903(year=year)
    # OC3 first: care leavers who were not looked after in the year join the header.
    found = {t.OC3: oc3_rows(cohort)}
    for name in t.tables_for(year):
        extract = TABLE_EXTRACTS.get(name)
        if extract is not None:
            result.tables[name] = found[name] if name in found else extract(cohort)
    return result
