"""Import an authority's SSDA903 return (a folder of CSV files) into Hearth: all or nothing,
idempotent by child ID and each record's own dates.

Reading: `hearth.returns.ssda903.parse` recognises each CSV by its column set, whatever it is
called (a file matching no table, a second file for one table, a row with too few or too many
values, as a truncated file has, are problems with file and line). Checking: every code and
date the DfE's own validity rules check (the native rules whose message says a value "is not
a valid code" or date), then what Hearth's records need: each child once in the header, every
row's child in the header, a date of birth, episodes that do not start twice on one day or
end before they start, one open episode, reviews and missing episodes while looked after. Every
problem names file, line, field and reason; any problem and nothing is written.

Writing, in one transaction: people (matched by LA child ID), periods of care (a run of
episodes from a new period, RNE S, to the episode whose REC is not X1) and their episodes
(matched by child and DECOM), reviews (child and date), previous permanence (one per child),
decisions to place for adoption and their reversal (child and decision date), adoption orders,
matches and adopters (AD1), missing and away episodes (child and start), the year's OC2
health and offending items, care leavers' OC3 items (importers/oc3.py: a contact, an activity
and an accommodation at the birthday, only what the record needs to give the codes back) and
social worker episodes (importers/sw_episodes.py: allocations; an SW_ID no account's staff
identifier matches becomes an inactive legacy worker account, listed in the summary). One
audit entry for the job.

What a return does not say is filled in plainly (docs/how-to/import-legacy-returns.md): the
person's name is "Imported child" and the child ID; decisions, reviews and records are the
import account's; OC2 items are dated 31 March of the collection year (the return says only
that they happened in it). Not imported: UASC's DUC (Hearth holds the flag; the status ends at
18). AD1's adopters become an adopter family named after the child (NB_ADOPTR follows from
SEX_ADOPTR).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.adoption.models import (
    AdopterFamily,
    AdoptionJourney,
    EnquirySource,
    PreviousPermanence,
)
from hearth.care_leavers.models import Accommodation, Activity, Contact
from hearth.casework.models import Allocation
from hearth.children_in_care.models import (
    SDQ,
    Conviction,
    Episode,
    HealthAssessment,
    HealthCheck,
    HealthCheckKind,
    PeriodOfCare,
    Review,
    SubstanceMisuse,
    ViewsSought,
)
from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.missing_exploitation.models import MissingEpisode, RiskLevel
from hearth.people.models import Person, Relationship, RelationshipKind
from hearth.returns.importers.checking import RecordChecks
from hearth.returns.importers.cin import import_user
from hearth.returns.importers.oc3 import import_oc3
from hearth.returns.importers.problems import ImportRefused, ImportReport, Problem
from hearth.returns.importers.sw_episodes import import_sw_episodes
from hearth.returns.ssda903 import parse as p
from hearth.returns.ssda903 import tables as t
from hearth.returns.ssda903.validate import RULES, rules, validate

JOB = "Import of legacy returns"
IMPORTED = "Imported from the SSDA903 return"
LEFT_CARE_CONTINUES = "X1"  # the period of care carries on into the next episode
BATCH = 2000
SW_ID_LENGTH = User._meta.get_field("staff_identifier").max_length or 20
# Columns the DfE derives before validating (from the postcodes and UASC): not in the files.
DERIVED = frozenset({"PL_LA", "PL_LOCATION", "PL_DISTANCE", "UASC"})
# Rules on one row's codes whose message does not say "not valid": OC3's items (131-133, all
# coded, 0 exactly when not in touch: 153, 344, 345) and SWEpisodes' SW_ID and dates in order.
ROW_RULES = ("131", "132", "133", "153", "344", "345", "SW02STG1", "SW18STG2")


def _validity_codes() -> list[str]:
    """The DfE rules that check a single value is a valid code or date."""
    return [
        r.code
        for r in rules()
        if ("not a valid" in r.message.lower() or "not valid" in r.message.lower())
        and not DERIVED & set(r.fields)
        and not r.needs
    ] + [c for c in ROW_RULES if c in RULES]


def _text(row: p.Row, column: str) -> str:
    return row.get(column) or ""


# --- Reading and checking -------------------------------------------------------------------


@dataclass
class _Files:
    tables: dict[str, list[p.Row]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""

    def where(self, row: p.Row) -> tuple[str, str]:
        table = str(row["_t"])
        return self.names.get(table, table), f"line {row['_line']}"

    def add(self, row: p.Row, column: str, reason: str) -> None:
        name, line = self.where(row)
        self.problems.append(Problem(name, line, column, reason))


def _read(folder: Path) -> _Files:
    files = _Files()
    digest = hashlib.sha256()
    paths = sorted(folder.glob("*.csv"))
    if not paths:
        files.problems.append(Problem(str(folder), "", "", "No CSV files found"))
    for path in paths:
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            files.problems.append(Problem(path.name, "", "", "The file is not UTF-8 text"))
            continue
        name, rows, found = p.read_table(text, path.name)
        files.problems.extend(
            Problem(f.file, f"line {f.line}" if f.line else "", "", f.reason) for f in found
        )
        if name is None:
            continue
        if name in files.tables:
            files.problems.append(
                Problem(path.name, "", "", f"A second {name} table (also {files.names[name]})")
            )
            continue
        files.tables[name], files.names[name] = rows, path.name
    files.digest = digest.hexdigest()
    return files


def collection_year(tables: dict[str, list[p.Row]]) -> int | None:
    """The year the collection ends: the first 31 March on or after the latest date of an
    event in the return (the return holds no year of its own)."""
    latest: date | None = None
    for name, columns in (
        (t.EPISODES, ("DECOM_d", "DEC_d")),
        (t.REVIEWS, ("REVIEW_d",)),
        (t.MISSING, ("MIS_START_d", "MIS_END_d")),
    ):
        for row in tables.get(name, []):
            for c in columns:
                if row.get(c) is not None and (latest is None or row[c] > latest):
                    latest = row[c]
    if latest is None:
        return None
    return latest.year if (latest.month, latest.day) <= (3, 31) else latest.year + 1


def _check(files: _Files, year: int | None) -> None:
    tables = files.tables
    if t.HEADER not in tables:
        files.problems.append(Problem("", "", "", "There is no Header table (CHILD, SEX, DOB...)"))
        return
    if year is None:
        files.problems.append(Problem("", "", "", "No episode, review or missing dates"))
        return
    ret = p.Return903(year=year, la_ons_code="", tables=tables)
    codes = _validity_codes()
    for failure in validate(ret, codes=codes):
        rule = RULES[failure.code]
        row = {"_t": failure.table, "_line": failure.line}
        files.add(row, ", ".join(rule.fields), f"{rule.message.strip()} (DfE rule {rule.code})")
    # Dates no DfE validity rule reads (REVIEW, for one) are checked here.
    covered = {f for c in codes for f in RULES[c].fields}
    for rows in tables.values():
        for row in rows:
            for column in p.DATE_COLUMNS - covered:
                if row.get(column) is not None and row.get(column + "_d") is None:
                    files.add(row, column, "is not a date in the form dd/mm/YYYY")
    header: dict[str, p.Row] = {}
    for row in tables[t.HEADER]:
        child = str(row["CHILD"]) if row["CHILD"] is not None else None
        if child is None:
            files.add(row, "CHILD", "is missing")
        elif child in header:
            files.add(
                row, "CHILD", f"{child} is in the header twice (line {header[child]['_line']})"
            )
        else:
            header[child] = row
        if row["DOB_d"] is None and row["DOB"] is None:
            files.add(row, "DOB", "is missing")
    for name, rows in tables.items():
        if name == t.HEADER:
            continue
        for row in rows:
            if row["CHILD"] is None:
                files.add(row, "CHILD", "is missing")
            elif row["CHILD"] not in header:
                files.add(row, "CHILD", f"{row['CHILD']} is not in the header")
    _check_episodes(files)
    _check_dated(files, t.REVIEWS, "REVIEW_d", "REVIEW", "two reviews on one day")
    _check_dated(
        files, t.MISSING, "MIS_START_d", "MIS_START", "two missing episodes start that day"
    )
    _check_dated(files, t.PLACED_ADOPTION, "DATE_PLACED_d", "DATE_PLACED", "two decisions that day")
    for name, what in ((t.PREV_PERM, "previous permanence"), (t.OC3, "care leaver information")):
        seen: set[str] = set()
        for row in tables.get(name, []):
            if row["CHILD"] in seen:
                files.add(row, "CHILD", f"{what} is given twice for this child")
            seen.add(str(row["CHILD"]))
    for row in tables.get(t.SW_EPISODES, []):
        for column in ("SW_ID", "SW_DECOM"):
            if row[column] is None:
                files.add(row, column, "is missing")
        if len(str(row["SW_ID"] or "")) > SW_ID_LENGTH:
            files.add(row, "SW_ID", f"is longer than {SW_ID_LENGTH} characters")


def _check_episodes(files: _Files) -> None:
    by_child: dict[str, list[p.Row]] = defaultdict(list)
    for row in files.tables.get(t.EPISODES, []):
        for column in ("DECOM", "RNE", "LS", "CIN", "PLACE"):
            if row[column] is None:
                files.add(row, column, "is missing")
        if row["DECOM_d"] is not None:
            by_child[row["CHILD"]].append(row)
    for rows in by_child.values():
        rows.sort(key=lambda r: r["DECOM_d"])
        open_rows = [r for r in rows if r["DEC"] is None]
        for r in open_rows[:-1]:
            files.add(r, "DEC", "more than one episode of this child is open: end all but one")
        for before, after in zip(rows, rows[1:], strict=False):
            if before["DECOM_d"] == after["DECOM_d"]:
                files.add(after, "DECOM", "two episodes of this child start that day")
            elif before["DEC_d"] is not None and before["DEC_d"] > after["DECOM_d"]:
                files.add(after, "DECOM", "starts before the child's previous episode ended")
        for r in rows:
            if r["DEC_d"] is not None and r["DEC_d"] < r["DECOM_d"]:
                files.add(r, "DEC", "is before the date the episode began")
            if (r["DEC"] is None) != (r["REC"] is None):
                files.add(r, "REC", "a date and a reason the episode ceased go together")


def _check_dated(files: _Files, name: str, key: str, column: str, twice: str) -> None:
    seen: set[tuple[str, date]] = set()
    for row in files.tables.get(name, []):
        if row.get(column) is None:
            files.add(row, column, "is missing")
            continue
        if row[key] is None:
            continue  # the validity rules have said so
        if (row["CHILD"], row[key]) in seen:
            files.add(row, column, twice)
        seen.add((row["CHILD"], row[key]))


# --- Writing --------------------------------------------------------------------------------


def _periods(rows: list[p.Row]) -> list[list[p.Row]]:
    """A child's episodes (DECOM order) as periods of care: a new period at RNE S, or when the
    last one ended with a reason other than X1 or left a gap."""
    periods: list[list[p.Row]] = []
    for row in rows:
        last = periods[-1][-1] if periods else None
        continues = (
            last is not None
            and row["RNE"] != "S"
            and last["REC"] == LEFT_CARE_CONTINUES
            and last["DEC_d"] == row["DECOM_d"]
        )
        if continues:
            periods[-1].append(row)
        else:
            periods.append([row])
    return periods


@dataclass
class _Writer:
    user: User
    files: _Files
    year: int
    report: ImportReport = field(default_factory=ImportReport)
    new: dict[type[models.Model], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list)
    )
    changed: dict[type[models.Model], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list)
    )
    changed_fields: dict[type[models.Model], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    where: dict[int, p.Row] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    families: dict[str, AdopterFamily] = field(default_factory=dict)

    # Generic create / update, remembering the row each object came from for the report.
    def add(self, obj: models.Model, row: p.Row, kind: str) -> models.Model:
        self.where[id(obj)] = row
        self.new[type(obj)].append(obj)
        self.report.count(kind, "created")
        return obj

    def update(self, obj: models.Model, values: dict[str, Any], row: p.Row, kind: str) -> None:
        differ = {k: v for k, v in values.items() if _differs(obj, k, v)}
        if obj.pk is None:  # created in this run: saved with its new values
            for k, v in differ.items():
                setattr(obj, k, v)
            return
        if not differ:
            self.report.count(kind, "unchanged")
            return
        for k, v in differ.items():
            setattr(obj, k, v)
        self.where[id(obj)] = row
        self.changed[type(obj)].append(obj)
        self.changed_fields[type(obj)].update(differ)
        self.report.count(kind, "changed")

    def upsert(
        self,
        found: models.Model | None,
        make: Callable[[], models.Model],
        values: dict[str, Any],
        row: p.Row,
        kind: str,
    ) -> models.Model:
        if found is None:
            obj = make()
            for k, v in values.items():
                setattr(obj, k, v)
            return self.add(obj, row, kind)
        self.update(found, values, row, kind)
        return found

    def rows(self, name: str) -> list[p.Row]:
        return self.files.tables.get(name, [])

    # People ----------------------------------------------------------------------------------
    def header(self) -> None:
        uasc = {r["CHILD"] for r in self.rows(t.UASC)}
        ids = [r["CHILD"] for r in self.rows(t.HEADER)]
        found = {x.la_child_id: x for x in Person.objects.filter(la_child_id__in=ids)}
        for row in self.rows(t.HEADER):
            upn = row["UPN"] or ""
            values = {
                "sex": {"1": "M", "2": "F"}.get(row["SEX"], row["SEX"] or "U"),
                "date_of_birth": row["DOB_d"],
                "ethnicity": row["ETHNIC"] or "",
                "upn": "" if upn.startswith("UN") else upn,
                "upn_unknown_reason": upn if upn.startswith("UN") else "",
                "uasc": row["CHILD"] in uasc,
            }
            person = self.upsert(
                found.get(row["CHILD"]),
                partial(
                    Person,
                    is_child=True,
                    la_child_id=row["CHILD"],
                    first_name="Imported child",
                    last_name=row["CHILD"],
                ),
                values,
                row,
                "people",
            )
            assert isinstance(person, Person)
            self.people[row["CHILD"]] = person
        self._mothers()

    def _mothers(self) -> None:
        """MC_DOB: the mother's first child, recorded as a person with that date of birth and
        the mother as parent (one per mother; the return names no more)."""
        mothers = {r["CHILD"]: r for r in self.rows(t.HEADER) if r["MC_DOB_d"] is not None}
        known = {
            rel.relative.la_child_id: rel
            for rel in Relationship.objects.filter(
                relative__la_child_id__in=list(mothers), kind=RelationshipKind.PARENT
            ).select_related("relative", "child")
        }
        for child, row in mothers.items():
            rel = known.get(child)
            if rel is not None:
                self.update(rel.child, {"date_of_birth": row["MC_DOB_d"]}, row, "people")
                continue
            baby = Person(
                is_child=True,
                la_child_id=f"{child}-MC",
                first_name="Imported child of",
                last_name=child,
                date_of_birth=row["MC_DOB_d"],
            )
            self.add(baby, row, "people")
            self.add(
                Relationship(child=baby, relative=self.people[child], kind=RelationshipKind.PARENT),
                row,
                "relationships",
            )

    # Care ------------------------------------------------------------------------------------
    def care(self) -> None:
        by_child: dict[str, list[p.Row]] = defaultdict(list)
        for row in self.rows(t.EPISODES):
            by_child[row["CHILD"]].append(row)
        persons = [self.people[c] for c in by_child if self.people[c].pk]
        periods: dict[int, dict[date, PeriodOfCare]] = defaultdict(dict)
        for period in PeriodOfCare.objects.filter(child__in=persons):
            periods[period.child_id][period.start_date] = period
        episodes: dict[int, dict[date, Episode]] = defaultdict(dict)
        for episode in Episode.objects.filter(child__in=persons).select_related("period"):
            episodes[episode.child_id][episode.decom] = episode
        self.periods: dict[str, list[PeriodOfCare]] = defaultdict(list)
        self.episodes: dict[str, list[Episode]] = defaultdict(list)
        self.before_file: set[str] = set()
        for child, rows in by_child.items():
            person = self.people[child]
            rows.sort(key=lambda r: r["DECOM_d"])
            if rows[0]["RNE"] != "S":
                self.before_file.add(child)
            for run in _periods(rows):
                first, last = run[0], run[-1]
                ended = last["DEC_d"] if last["REC"] != LEFT_CARE_CONTINUES else None
                # An episode the record already holds (from last year's return) carries on its
                # period of care when this file's run does not start one.
                carried = episodes[person.pk].get(first["DECOM_d"]) if first["RNE"] != "S" else None
                if carried is not None and carried.period.start_date < first["DECOM_d"]:
                    self.update(carried.period, {"end_date": ended}, first, "periods of care")
                    self.periods[child].append(carried.period)
                    for row in run:
                        self.episodes[child].append(
                            self._episode(person, carried.period, row, episodes)
                        )
                    continue
                period = self.upsert(
                    periods[person.pk].get(first["DECOM_d"]),
                    partial(
                        PeriodOfCare,
                        child=person,
                        start_date=first["DECOM_d"],
                        decision_by=self.user,
                        decision_date=first["DECOM_d"],
                        decision_reason=IMPORTED,
                    ),
                    {"end_date": ended, "category_of_need": first["CIN"]},
                    first,
                    "periods of care",
                )
                assert isinstance(period, PeriodOfCare)
                self.periods[child].append(period)
                for row in run:
                    self.episodes[child].append(self._episode(person, period, row, episodes))

    def _episode(
        self,
        person: Person,
        period: PeriodOfCare,
        row: p.Row,
        known: dict[int, dict[date, Episode]],
    ) -> Episode:
        values = {
            "period": period,
            "rne": row["RNE"],
            "legal_status": row["LS"],
            "category_of_need": row["CIN"],
            "place": row["PLACE"],
            "place_provider": _text(row, "PLACE_PROVIDER"),
            "dec": row["DEC_d"],
            "rec": _text(row, "REC"),
            "reason_place_change": _text(row, "REASON_PLACE_CHANGE"),
            "home_postcode": _text(row, "HOME_POST"),
            "placement_postcode": _text(row, "PL_POST"),
            "urn": _text(row, "URN"),
        }
        episode = self.upsert(
            known[person.pk].get(row["DECOM_d"]) if person.pk else None,
            partial(
                Episode, child=person, decom=row["DECOM_d"], placement_started_on=row["DECOM_d"]
            ),
            values,
            row,
            "episodes",
        )
        assert isinstance(episode, Episode)
        return episode

    def _period_on(self, child: str, on: date | None) -> PeriodOfCare | None:
        """The period of care open on `on` (or the last one begun by then). A child whose
        first episode in the file does not start a period (RNE other than S) was looked after
        before it, so an earlier date belongs to that first period."""
        periods = self.periods.get(child, [])
        if on is None or not periods:
            return None
        found = periods[0] if child in self.before_file else None
        for period in periods:
            if period.start_date <= on:
                found = period
        return found

    def reviews(self) -> None:
        known = {
            (r.child_id, r.held_on): r
            for r in Review.objects.filter(child__in=[x for x in self.people.values() if x.pk])
        }
        for row in self.rows(t.REVIEWS):
            person, on = self.people[row["CHILD"]], row["REVIEW_d"]
            period = self._period_on(row["CHILD"], on)
            if period is None:
                self.files.add(row, "REVIEW", "is not during a period of care in the episodes")
                continue
            self.upsert(
                known.get((person.pk, on)),
                partial(
                    Review,
                    child=person,
                    held_on=on,
                    iro=self.user,
                    recorded_by=self.user,
                    attendance=IMPORTED,
                    views_sought=ViewsSought.NOT_SOUGHT,
                    child_views=f"Not recorded ({IMPORTED.lower()})",
                ),
                {"period": period, "participation": _text(row, "REVIEW_CODE")},
                row,
                "reviews",
            )

    def previous_permanence(self) -> None:
        known = {
            x.child_id: x
            for x in PreviousPermanence.objects.filter(
                child__in=[x for x in self.people.values() if x.pk]
            )
        }
        for row in self.rows(t.PREV_PERM):
            person = self.people[row["CHILD"]]
            self.upsert(
                known.get(person.pk),
                partial(PreviousPermanence, child=person, recorded_by=self.user),
                {
                    "prev_perm": _text(row, "PREV_PERM"),
                    "la_perm": _text(row, "LA_PERM"),
                    "date_perm": p.parse_date(row["DATE_PERM"]),
                },
                row,
                "previous permanence",
            )

    def adoption(self) -> None:
        known = {
            (j.child_id, j.decision_on): j
            for j in AdoptionJourney.objects.filter(
                child__in=[x for x in self.people.values() if x.pk]
            ).select_related("family")  # AD1's adopters: no query per journey
        }
        # Families named after a child (the import's own), read once rather than per AD1 row.
        named = [_family_identifier(r["CHILD"]) for r in self.rows(t.AD1) if r["SEX_ADOPTR"]]
        for start in range(0, len(named), BATCH):
            for family in AdopterFamily.objects.filter(
                family_identifier__in=named[start : start + BATCH]
            ):
                self.families.setdefault(family.family_identifier, family)
        journeys: dict[tuple[str, date], AdoptionJourney] = {}
        for row in self.rows(t.PLACED_ADOPTION):
            journey = self._journey(row, row["DATE_PLACED_d"], known)
            if journey is None:
                continue
            journeys[(row["CHILD"], row["DATE_PLACED_d"])] = journey
            self.update(
                journey,
                {
                    "reversed_on": row["DATE_PLACED_CEASED_d"],
                    "reversal_reason": _text(row, "REASON_PLACED_CEASED"),
                },
                row,
                "adoption decisions",
            )
        for row in self.rows(t.AD1):
            journey = journeys.get((row["CHILD"], row["DATE_INT_d"])) or self._journey(
                row, row["DATE_INT_d"], known
            )
            if journey is None:
                continue
            adopted = [e for e in self.episodes.get(row["CHILD"], []) if e.rec in {"E11", "E12"}]
            placed = [e for e in self.episodes.get(row["CHILD"], []) if e.place.startswith("A")]
            values: dict[str, Any] = {"matched_on": row["DATE_MATCH_d"]}
            if adopted:
                values |= {"adoption_order_on": adopted[-1].dec, "order_reason": adopted[-1].rec}
            if placed:
                values |= {"placed_on": placed[0].decom, "placed_episode": placed[0]}
            family = self._adopters(row, journey)
            if family is not None:
                values["family"] = family
            self.update(journey, values, row, "adoption decisions")

    def _adopters(self, row: p.Row, journey: AdoptionJourney) -> AdopterFamily | None:
        """AD1's adopters (SEX_ADOPTR, LS_ADOPTR; NB_ADOPTR follows from the sex code) as the
        family the child was adopted by: the journey's own, or one named after the child."""
        if not row["SEX_ADOPTR"]:
            return None
        if journey.family_id is not None:
            found: AdopterFamily | None = journey.family
        else:
            found = self.families.get(_family_identifier(row["CHILD"]))
        values = {"sex_code": row["SEX_ADOPTR"], "legal_status": _text(row, "LS_ADOPTR")}
        family = self.upsert(
            found,
            partial(
                AdopterFamily,
                family_identifier=_family_identifier(row["CHILD"]),
                name=f"Adopters of {row['CHILD']} ({IMPORTED.lower()})",
                source=EnquirySource.OTHER,
                enquiry_on=row["DATE_MATCH_d"] or row["DATE_INT_d"],
                approved_on=row["DATE_MATCH_d"],
            ),
            values,
            row,
            "adopter families",
        )
        assert isinstance(family, AdopterFamily)
        self.families[family.family_identifier] = family
        return family

    def _journey(
        self, row: p.Row, decided: date | None, known: dict[tuple[int, date], AdoptionJourney]
    ) -> AdoptionJourney | None:
        period = self._period_on(row["CHILD"], decided)
        if period is None or decided is None:
            column = "DATE_PLACED" if row["_t"] == t.PLACED_ADOPTION else "DATE_INT"
            self.files.add(row, column, "is not during a period of care in the episodes")
            return None
        person = self.people[row["CHILD"]]
        journey = self.upsert(
            known.get((person.pk, decided)),
            partial(
                AdoptionJourney,
                child=person,
                decision_on=decided,
                decision_maker=f"Not recorded ({IMPORTED.lower()})",
                recorded_by=self.user,
            ),
            {"period": period},
            row,
            "adoption decisions",
        )
        assert isinstance(journey, AdoptionJourney)
        return journey

    def missing(self) -> None:
        known = {
            (m.child_id, timezone.localdate(m.started_at)): m
            for m in MissingEpisode.objects.filter(
                child__in=[x for x in self.people.values() if x.pk]
            )
        }
        for row in self.rows(t.MISSING):
            person = self.people[row["CHILD"]]
            began = row["MIS_START_d"]
            ended = row["MIS_END_d"]
            self.upsert(
                known.get((person.pk, began)),
                partial(
                    MissingEpisode,
                    child=person,
                    started_at=_at(began),
                    where_from=f"Not recorded ({IMPORTED.lower()})",
                    reported_by=f"Not recorded ({IMPORTED.lower()})",
                    risk_level=RiskLevel.NONE,
                    recorded_by=self.user,
                ),
                {"missing_type": _text(row, "MISSING"), "ended_at": _at(ended) if ended else None},
                row,
                "missing episodes",
            )

    def outcomes(self) -> None:
        """OC2: each item the return reports as a record dated 31 March of the year, unless
        one already says the same for the year."""
        start, end = t.collection_period(self.year)
        persons = [x for x in self.people.values() if x.pk]
        have: set[tuple[str, int]] = set()
        for model, key in (
            (SDQ, "completed_on"),
            (Conviction, "on"),
            (HealthCheck, "checked_on"),
            (HealthAssessment, "completed_on"),
            (SubstanceMisuse, "identified_on"),
        ):
            in_year = {f"{key}__gte": start, f"{key}__lte": end}
            for child_id in model.objects.filter(child__in=persons, **in_year).values_list(
                "child_id", flat=True
            ):
                have.add((model.__name__, child_id))
        for row in self.rows(t.OC2):
            self._oc2(row, end, have)

    def _oc2(self, row: p.Row, end: date, have: set[tuple[str, int]]) -> None:
        person = self.people[row["CHILD"]]

        def missing(model: type[models.Model]) -> bool:
            return person.pk is None or (model.__name__, person.pk) not in have

        made = {"recorded_by": self.user, "child": person}
        if (row["SDQ_SCORE"] or row["SDQ_REASON"]) and missing(SDQ):
            score = row["SDQ_SCORE"]
            self.add(
                SDQ(completed_on=end, score=int(score) if score else None,
                    reason=_text(row, "SDQ_REASON"), **made),
                row, "health and offending",
            )  # fmt: skip
        if row["CONVICTED"] == "1" and missing(Conviction):
            self.add(Conviction(on=end, offence=IMPORTED, **made), row, "health and offending")
        if missing(HealthCheck):
            for column, kind in (
                ("HEALTH_CHECK", HealthCheckKind.SURVEILLANCE),
                ("IMMUNISATIONS", HealthCheckKind.IMMUNISATIONS),
                ("TEETH_CHECK", HealthCheckKind.DENTAL),
            ):
                if row[column] == "1" or (row[column] == "0" and kind != HealthCheckKind.DENTAL):
                    check = HealthCheck(kind=kind, checked_on=end, up_to_date=row[column] == "1",
                                        notes=IMPORTED, **made)  # fmt: skip
                    self.add(check, row, "health and offending")
        period = self._period_on(row["CHILD"], end)
        if row["HEALTH_ASSESSMENT"] == "1" and period is not None and missing(HealthAssessment):
            self.add(
                HealthAssessment(period=period, kind="review", completed_on=end,
                                 practitioner="Not recorded", outcome=IMPORTED, **made),
                row, "health and offending",
            )  # fmt: skip
        if row["SUBSTANCE_MISUSE"] == "1" and missing(SubstanceMisuse):
            received = row["INTERVENTION_RECEIVED"] == "1"
            refused = row["INTERVENTION_OFFERED"] == "1"
            for r, o in (
                ((received, False), (False, refused))
                if received and refused
                else ((received, refused),)
            ):
                self.add(
                    SubstanceMisuse(identified_on=end, intervention_received=r,
                                    intervention_refused=o, notes=IMPORTED, **made),
                    row, "health and offending",
                )  # fmt: skip

    # Saving ----------------------------------------------------------------------------------
    def validate(self) -> None:
        """Each new or changed record's own rules (full_clean), before anything is written.
        The constraints (one open episode, dates in order, a date and a reason together) are
        what the checks above test row by row; the database holds them too, inside the one
        transaction, so a breach writes nothing. Validating them here would cost queries per
        record."""
        checks = RecordChecks()  # importers/checking.py
        for objs in (*self.new.values(), *self.changed.values()):
            exclude = _relations(objs[0]) if objs else []
            for obj in objs:
                if isinstance(obj, Person):
                    obj.set_name_keys()
                try:
                    checks.full_clean(obj, exclude=exclude)
                except ValidationError as error:
                    row = self.where.get(id(obj), {"_t": "", "_line": ""})
                    for name, messages in error.message_dict.items():
                        for message in messages:
                            self.files.add(row, name, message)

    def save(self) -> None:
        for model in ORDER:
            objs = self.new.get(model, [])
            for obj in objs:
                _refresh_relations(obj)
            if objs:
                model._default_manager.bulk_create(objs, batch_size=BATCH)
        for model, objs in self.changed.items():
            for obj in objs:
                _refresh_relations(obj)
            model._default_manager.bulk_update(
                objs, sorted(self.changed_fields[model]), batch_size=BATCH
            )


ORDER: tuple[type[models.Model], ...] = (
    User,
    Person,
    Relationship,
    PeriodOfCare,
    Episode,
    Review,
    PreviousPermanence,
    AdopterFamily,
    AdoptionJourney,
    MissingEpisode,
    SDQ,
    Conviction,
    HealthCheck,
    HealthAssessment,
    SubstanceMisuse,
    Contact,
    Accommodation,
    Activity,
    Allocation,
)


def _family_identifier(child: str) -> str:
    """The adopter family an AD1 row's adopters become when the journey has none."""
    return f"AD1-{child}"[:20]


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    """A foreign key is compared by id, so an unchanged record costs no query."""
    if isinstance(value, models.Model):
        return value.pk is None or getattr(obj, f"{name}_id") != value.pk
    return bool(getattr(obj, name) != value)


def _relations(obj: models.Model) -> list[str]:
    """Foreign keys, left out of full_clean: each would cost a query per record, and each
    points at a row this import made or read."""
    return [f.name for f in obj._meta.concrete_fields if f.is_relation]


def _refresh_relations(obj: models.Model) -> None:
    """Point each foreign key at the id its related object got when its layer was saved."""
    for f in obj._meta.concrete_fields:
        if f.is_relation:
            related = getattr(obj, f.name, None)
            if related is not None:
                setattr(obj, f.attname, related.pk)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@dataclass
class Import903:
    report: ImportReport
    children: int
    year: int
    sha256: str


def ssda903_import(
    *,
    folder: str | Path,
    user: User | None = None,
    year: int | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> Import903:
    """Import the SSDA903 CSV files in `folder` (the collection ending 31 March `year`, read
    from the dates when not given). Raises `ImportRefused` with every problem found, having
    written nothing; otherwise returns what was created, changed and left unchanged."""
    say = on_progress or (lambda message: None)
    files = _read(Path(folder))
    year = year or collection_year(files.tables)
    if not files.problems:
        _check(files, year)
    if files.problems:
        raise ImportRefused(files.problems)
    assert year is not None
    children = len(files.tables[t.HEADER])
    say(f"Read {children} children from {folder} (SSDA903 {t.collection_label(year)})")
    with transaction.atomic():
        writer = _Writer(user=import_user(), files=files, year=year)
        writer.header()
        writer.care()
        writer.reviews()
        writer.previous_permanence()
        writer.adoption()
        writer.missing()
        writer.outcomes()
        import_oc3(writer)
        import_sw_episodes(writer)
        writer.validate()
        if files.problems:
            raise ImportRefused(files.problems)
        try:
            with transaction.atomic():
                writer.save()
        except IntegrityError as exc:
            # What the record already holds clashes with the files (say, a period of care
            # open in Hearth and another in the return): nothing is written.
            raise ImportRefused([Problem("", "", "", f"The record refused it: {exc}")]) from exc
        auditor = Auditor(user=user, system_job=JOB) if user else Auditor(system_job=JOB)
        auditor.record(
            AuditAction.CREATE,
            object_type="returns.import",
            object_id=files.digest[:32],
            summary=(
                f"Imported the SSDA903 {t.collection_label(year)} from {Path(folder).name} "
                f"({children} children, sha256 {files.digest[:12]}): "
                f"{sum(writer.report.created.values())} records created, "
                f"{sum(writer.report.changed.values())} changed"
            )[:500],
        )
    return Import903(report=writer.report, children=children, year=year, sha256=files.digest)
