"""Where each return failure is fixed: the page that records the field the rule concerns.

A failure's location names the record (`CINdetails[2]/Assessments[1]/...` in the CIN census,
a table and row in the SSDA903); the rule's declared fields say which part of it is wrong. The
CIN census extract keeps each record's id on the in-memory return, so its links need no
query; the SSDA903 tables carry no ids, so each table is looked up once (never per failure).
When no single record can be named, the link falls back to the child's record.

Links only name pages: each page still checks the reader may see the child (need-to-know).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse

from hearth.returns.cin_census.records import CensusReturn, Child, Episode
from hearth.returns.ssda903 import tables as t


@dataclass(frozen=True)
class FixLink:
    url: str
    label: str


def child_record(person_id: int) -> FixLink:
    return FixLink(reverse("casework:child_detail", args=[person_id]), "Child's record")


def person_details(person_id: int) -> FixLink:
    return FixLink(reverse("people:person_detail", args=[person_id]), "Personal details")


# --- CIN census -------------------------------------------------------------------------

# Fields recorded on the person (identifiers and characteristics).
CIN_PERSON_FIELDS = frozenset(
    {
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "Sex",
        "PersonDeathDate",
        "Ethnicity",
        "Disability",
    }
)
# Fields recorded on each module's record, by the module's element name.
CIN_MODULE_FIELDS = {
    "Assessments": frozenset(
        {
            "AssessmentActualStartDate",
            "AssessmentInternalReviewDate",
            "AssessmentAuthorisationDate",
            "AssessmentFactors",
            "FactorsIdentifiedAtAssessment",
        }
    ),
    "CINPlanDates": frozenset({"CINPlanStartDate", "CINPlanEndDate"}),
    "Section47": frozenset({"S47ActualStartDate", "InitialCPCtarget", "ICPCnotRequired"}),
    "ChildProtectionPlans": frozenset(
        {
            "CPPstartDate",
            "CPPendDate",
            "InitialCategoryOfAbuse",
            "LatestCategoryOfAbuse",
            "NumberOfPreviousCPP",
            "CPPreviewDate",
            "Reviews",
        }
    ),
}
_STEP = re.compile(r"^(?P<name>[A-Za-z0-9]+)(?:\[(?P<index>\d+)\])?$")


def _steps(location: str) -> list[tuple[str, int | None]]:
    steps = []
    for part in location.split("/"):
        match = _STEP.match(part)
        if match:
            index = match.group("index")
            steps.append((match.group("name"), int(index) if index else None))
    return steps


def _module_for(fields: Iterable[str]) -> str | None:
    for name in fields:
        for module, owned in CIN_MODULE_FIELDS.items():
            if name in owned:
                return module
    return None


def _module_records(episode: Episode, module: str) -> list[Any]:
    records: dict[str, list[Any]] = {
        "Assessments": list(episode.assessments),
        "CINPlanDates": list(episode.cin_plans),
        "Section47": list(episode.section47s),
        "ChildProtectionPlans": list(episode.cp_plans),
    }
    return records[module]


def _module_link(module: str, person_id: int, record_id: int) -> FixLink:
    if module == "Assessments":
        return FixLink(reverse("assessments:detail", args=[person_id, record_id]), "Assessment")
    if module == "CINPlanDates":
        return FixLink(
            reverse("child_protection:cin_plan", args=[person_id, record_id]), "Child in need plan"
        )
    if module == "Section47":
        return FixLink(
            reverse("child_protection:enquiry", args=[person_id, record_id]),
            "Section 47 enquiry",
        )
    return FixLink(
        reverse("child_protection:cp_plan", args=[person_id, record_id]), "Child protection plan"
    )


def cin_census_link(child: Child | None, location: str, fields: Iterable[str]) -> FixLink | None:
    """The page where a CIN census failure at `location` (a rule over `fields`) is fixed."""
    if child is None or child.person_id is None:
        return None
    person_id = child.person_id
    fields = tuple(fields)
    steps = _steps(location)
    leaf = steps[-1][0] if steps else ""
    episode: Episode | None = None
    module: str | None = None
    index: int | None = None
    for name, position in steps:
        if name == "CINdetails" and position and position <= len(child.episodes):
            episode = child.episodes[position - 1]
        elif name in CIN_MODULE_FIELDS:
            module, index = name, position
    if episode is None:
        if leaf in CIN_PERSON_FIELDS or any(f in CIN_PERSON_FIELDS for f in fields):
            return person_details(person_id)
        return child_record(person_id)
    if module is None:
        # The location names the episode only: the field, then the rule's fields, may name
        # the module (an episode with one CP plan, say).
        module = _module_for((leaf,)) or _module_for(fields)
    if module is not None:
        records = _module_records(episode, module)
        record = None
        if index is not None and index <= len(records):
            record = records[index - 1]
        elif len(records) == 1:
            record = records[0]
        if record is not None and record.record_id is not None:
            return _module_link(module, person_id, record.record_id)
    if leaf in CIN_PERSON_FIELDS:
        return person_details(person_id)
    return FixLink(reverse("assessments:child", args=[person_id]), "Child in need episodes")


def cin_census_links(
    census: CensusReturn, failures: Iterable[Any], fields_of: dict[str, tuple[str, ...]]
) -> list[FixLink | None]:
    """One link per failure (in order), resolved from the in-memory return: no query."""
    by_person = {c.person_id: c for c in census.children if c.person_id is not None}
    return [
        cin_census_link(
            by_person.get(f.person_id) if f.person_id is not None else None,
            f.location,
            fields_of.get(f.code, ()),
        )
        for f in failures
    ]


# --- SSDA903 ----------------------------------------------------------------------------

PLACEMENT_FIELDS = frozenset(
    {
        "PLACE",
        "PLACE_PROVIDER",
        "URN",
        "PL_POST",
        "HOME_POST",
        "REASON_PLACE_CHANGE",
        "PL_DISTANCE",
        "PL_LA",
        "PL_LOCATION",
    }
)
PERSON_TABLES = frozenset({t.HEADER, t.UASC})
# The mother's details are recorded as the child's relationships.
FAMILY_FIELDS = frozenset({"MOTHER", "MC_DOB"})


@dataclass
class EpisodeRecord:
    child_id: int
    period_id: int
    # The placement and legal status pages change the current episode of an open period;
    # an ended episode is corrected on its own correction page.
    current: bool = True
    episode_id: int | None = None


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def episode_records(
    rows: Iterable[dict[str, Any]],
) -> dict[tuple[str, date | None], EpisodeRecord]:
    """Hearth's care episodes behind the failing Episodes rows, by (CHILD, DECOM): one query."""
    from hearth.children_in_care.models import Episode as CareEpisode

    wanted = {(str(r.get("CHILD") or ""), _day(r.get("DECOM_d"))) for r in rows}
    wanted = {w for w in wanted if w[0] and w[1]}
    if not wanted:
        return {}
    days = sorted({d for _, d in wanted if d})
    found: dict[tuple[str, date | None], EpisodeRecord] = {}
    for episode_id, person_id, la_child_id, decom, period_id, dec, period_end in (
        CareEpisode.objects.filter(decom__in=days)
        .order_by("id")
        .values_list(
            "id", "child_id", "child__la_child_id", "decom", "period_id", "dec", "period__end_date"
        )
    ):
        record = EpisodeRecord(
            child_id=person_id,
            period_id=period_id,
            current=dec is None and period_end is None,
            episode_id=episode_id,
        )
        for key in ((la_child_id or "").upper(), str(person_id)):
            if (key, decom) in wanted:
                found.setdefault((key, decom), record)
    return found


def ssda903_link(
    *,
    table: str,
    row: dict[str, Any] | None,
    fields: Iterable[str],
    person_id: int | None,
    episodes: dict[tuple[str, date | None], EpisodeRecord],
) -> FixLink | None:
    """The page where an SSDA903 failure on `row` of `table` (a rule over `fields`) is fixed."""
    if person_id is None:
        return None
    fields = tuple(fields)
    if table == t.SW_EPISODES or any(f.startswith("SW_") for f in fields):
        # Social worker episodes come from the child's allocations, kept on the child's record.
        return FixLink(reverse("casework:child_detail", args=[person_id]), "Allocations")
    if table == t.HEADER and FAMILY_FIELDS.intersection(fields):
        return FixLink(reverse("people:family", args=[person_id]), "Family")
    if table in PERSON_TABLES:
        return person_details(person_id)
    if table == t.EPISODES and row is not None:
        record = episodes.get((str(row.get("CHILD") or ""), _day(row.get("DECOM_d"))))
        if record is not None and record.current:
            if "LS" in fields and not PLACEMENT_FIELDS.intersection(fields):
                return FixLink(
                    reverse(
                        "children_in_care:legal_status", args=[record.child_id, record.period_id]
                    ),
                    "Legal status",
                )
            if PLACEMENT_FIELDS.intersection(fields):
                return FixLink(
                    reverse("children_in_care:placement", args=[record.child_id, record.period_id]),
                    "Placement",
                )
        if record is not None and not record.current and record.episode_id is not None:
            return FixLink(
                reverse(
                    "children_in_care:episode_correct", args=[record.child_id, record.episode_id]
                ),
                "Correct the episode",
            )
        return FixLink(reverse("children_in_care:child", args=[person_id]), "Care record")
    if table == t.REVIEWS:
        # A child has one review a day: its correction page is found by the date.
        held_on = _day(row.get("REVIEW_d")) if row is not None else None
        if held_on is not None:
            return FixLink(
                reverse("children_in_care:review_correct", args=[person_id, held_on.isoformat()]),
                "Correct the review",
            )
        return FixLink(reverse("children_in_care:child", args=[person_id]), "Reviews")
    if table == t.OC2:
        return FixLink(reverse("children_in_care:health", args=[person_id]), "Health")
    if table == t.OC3:
        return FixLink(reverse("care_leavers:young_person", args=[person_id]), "Care leaver")
    if table in (t.AD1, t.PLACED_ADOPTION):
        return FixLink(reverse("adoption:child", args=[person_id]), "Adoption")
    if table == t.PREV_PERM:
        return FixLink(reverse("children_in_care:child", args=[person_id]), "Care record")
    if table == t.MISSING:
        return FixLink(reverse("missing_exploitation:child", args=[person_id]), "Missing")
    return child_record(person_id)


def ssda903_rows_by_place(ret: Any) -> dict[tuple[str, int], dict[str, Any]]:
    """Every parsed row of this year's tables by (table, row index)."""
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for name, rows in ret.tables.items():
        for row in rows:
            found[(name, row["_i"])] = row
    return found


def group_by_table(
    failures: Iterable[Any], rows: dict[tuple[str, int], dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in failures:
        row = rows.get((f.table, f.row))
        if row is not None:
            grouped[f.table].append(row)
    return grouped
