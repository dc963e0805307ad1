"""Import a CIN census XML file into Hearth: all or nothing, idempotent by LA child ID.

Reading: `hearth.returns.cin_census.parse` (malformed or truncated XML is one problem with its
line and column). Checking: every child, episode and module is checked against the census code
lists and Hearth's own rules (the models' `full_clean` and the constraints they declare, which
a bulk write would otherwise only meet as a database error), and every problem is reported with
the element it is in. Writing: one transaction, bulk inserts layer by layer (people, episodes,
then the modules that hang from them), one audit entry for the job and a chronology line per
imported event.

Matching, so that a second import of the same file changes nothing: a person by LA child ID;
an episode by its child and referral date; an assessment, section 47 enquiry or CIN plan by its
episode and start date; a CP plan by its child and start date; a review conference by its plan
and date. What the file adds is created, what it changes is updated, the rest is left alone.

What a census file does not say is filled in plainly (docs/how-to/import-legacy-returns.md):
the person's name is "Imported child" and the LA child ID until the case management record
is brought across; workers, chairs and recorders are the import account; an initial conference
records the plan decision the file implies.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from hearth.accounts.models import Role, User
from hearth.assessments.models import Assessment, AssessmentFactor, AssessmentStatus, CINEpisode
from hearth.casework.models import ChronologyEntry
from hearth.child_protection.models import (
    ChildParticipation,
    CINPlan,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    CPPlan,
    ParentParticipation,
    PlanStatus,
    Section47Enquiry,
    Section47Status,
    StrategyDecision,
    StrategyDiscussion,
    StrategyKind,
)
from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.people.models import Disability, Person
from hearth.returns.cin_census import codes
from hearth.returns.cin_census import records as r
from hearth.returns.cin_census.parse import CensusFileError, parse
from hearth.returns.importers.checking import RecordChecks
from hearth.returns.importers.problems import ImportRefused, ImportReport, Problem

IMPORT_USERNAME = "legacy.import"
IMPORTED = "Imported from the CIN census"
CHRONOLOGY_CATEGORY = "Imported record"
JOB = "Import of legacy returns"
BATCH = 2000


def import_user() -> User:
    """The account imported records are recorded by: inactive, it cannot sign in."""
    user, created = User.objects.get_or_create(
        username=IMPORT_USERNAME,
        defaults={
            "first_name": "Legacy",
            "last_name": "import",
            "role": Role.ADMINISTRATOR,
            "is_active": False,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _flag(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    if text in r.TRUE_VALUES:
        return True
    if text in r.FALSE_VALUES:
        return False
    return None


# --- Checking the file ----------------------------------------------------------------------


@dataclass
class _Checker:
    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: str, field_name: str, reason: str) -> None:
        self.problems.append(Problem(self.file, where, field_name, reason))

    def code(self, where: str, name: str, value: str | None, allowed: Iterable[str]) -> None:
        if value is not None and value not in allowed:
            self.add(where, name, f"'{value}' is not a valid code")

    def required(self, where: str, name: str, value: Any) -> None:
        if value in (None, ""):
            self.add(where, name, "is missing")

    def check(self, census: r.CensusReturn) -> None:
        seen: dict[str, int] = {}
        for child in census.children:
            where = f"Child[{child.position}]"
            if not child.la_child_id:
                self.add(where, "LAchildID", "is missing")
            elif child.la_child_id in seen:
                self.add(
                    f"{where} {child.la_child_id}",
                    "LAchildID",
                    f"the same child ID as Child[{seen[child.la_child_id]}]: each child must "
                    "appear once",
                )
            else:
                seen[child.la_child_id] = child.position
            where = f"{where} {child.la_child_id or ''}".strip()
            self._child(child, where)

    def _child(self, child: r.Child, where: str) -> None:
        for tag in child.bad_dates:
            self.add(where, tag, "is not a date in the form YYYY-MM-DD")
        no_birth = child.birth_date is None and child.expected_birth_date is None
        if no_birth and not {"PersonBirthDate", "ExpectedPersonBirthDate"} & set(child.bad_dates):
            self.add(where, "PersonBirthDate", "is missing (and there is no expected date)")
        self.code(where, "Sex", child.sex, codes.SEX)
        self.code(where, "Ethnicity", child.ethnicity, codes.ETHNICITY)
        self.code(where, "UPNunknown", child.upn_unknown, codes.UPN_UNKNOWN)
        if child.upn is not None and len(child.upn) != 13:
            self.add(where, "UPN", f"'{child.upn}' is not 13 characters")
        if len(set(child.disabilities)) != len(child.disabilities):
            self.add(where, "Disability", "the same disability code appears twice")
        for code in child.disabilities:
            self.code(where, "Disability", code, codes.DISABILITY)
        referrals: set[date] = set()
        open_episodes = 0
        for i, episode in enumerate(child.episodes, start=1):
            at = f"{where}/CINdetails[{i}]"
            self._episode(episode, at)
            if episode.referral_date in referrals:
                self.add(at, "CINreferralDate", "two episodes have the same referral date")
            if episode.referral_date:
                referrals.add(episode.referral_date)
            if episode.closure_date is None and _flag(episode.referral_nfa) is not True:
                open_episodes += 1
        if open_episodes > 1:
            self.add(where, "CINclosureDate", "more than one episode is open: close all but one")
        open_cp = [
            p for e in child.episodes for p in e.cp_plans if p.start is not None and p.end is None
        ]
        if len(open_cp) > 1:
            self.add(where, "CPPendDate", "more than one child protection plan is open")
        open_cin = [
            p for e in child.episodes for p in e.cin_plans if p.start is not None and p.end is None
        ]
        if len(open_cin) > 1:
            self.add(where, "CINPlanEndDate", "more than one CIN plan is open")

    def _episode(self, episode: r.Episode, at: str) -> None:
        self.required(at, "CINreferralDate", episode.referral_date)
        self.required(at, "ReferralSource", episode.referral_source)
        self.code(at, "ReferralSource", episode.referral_source, codes.REFERRAL_SOURCE)
        self.code(at, "PrimaryNeedCode", episode.primary_need, codes.PRIMARY_NEED)
        self.code(at, "ReasonForClosure", episode.closure_reason, codes.REASON_FOR_CLOSURE)
        if episode.referral_nfa is not None and _flag(episode.referral_nfa) is None:
            self.add(at, "ReferralNFA", f"'{episode.referral_nfa}' is not true or false")
        if (episode.closure_date is None) != (episode.closure_reason is None):
            self.add(at, "ReasonForClosure", "a closure date and a reason go together")
        if (
            episode.closure_date
            and episode.referral_date
            and episode.closure_date < episode.referral_date
        ):
            self.add(at, "CINclosureDate", "is before the referral date")
        starts: set[date] = set()
        open_assessments = 0
        for j, a in enumerate(episode.assessments, start=1):
            where = f"{at}/Assessments[{j}]"
            self.required(where, "AssessmentActualStartDate", a.start)
            if a.start in starts:
                self.add(where, "AssessmentActualStartDate", "two assessments start that day")
            if a.start:
                starts.add(a.start)
            if a.authorised is None:
                open_assessments += 1
            elif a.start and a.authorised < a.start:
                self.add(where, "AssessmentAuthorisationDate", "is before the start date")
            if len(set(a.factors)) != len(a.factors):
                self.add(where, "AssessmentFactors", "the same factor appears twice")
            for factor in a.factors:
                self.code(where, "AssessmentFactors", factor, codes.ASSESSMENT_FACTORS)
        if open_assessments > 1:
            self.add(at, "AssessmentAuthorisationDate", "more than one assessment is open")
        s47_starts: set[date] = set()
        for j, s in enumerate(episode.section47s, start=1):
            where = f"{at}/Section47[{j}]"
            self.required(where, "S47ActualStartDate", s.start)
            if s.start in s47_starts:
                self.add(where, "S47ActualStartDate", "two enquiries start that day")
            if s.start:
                s47_starts.add(s.start)
            if s.icpc_not_required is not None and _flag(s.icpc_not_required) is None:
                self.add(where, "ICPCnotRequired", f"'{s.icpc_not_required}' is not true or false")
            if s.icpc and s.start and s.icpc < s.start:
                self.add(where, "DateOfInitialCPC", "is before the enquiry started")
        cin_starts: set[date] = set()
        for j, plan in enumerate(episode.cin_plans, start=1):
            where = f"{at}/CINPlanDates[{j}]"
            self.required(where, "CINPlanStartDate", plan.start)
            if plan.start in cin_starts:
                self.add(where, "CINPlanStartDate", "two CIN plans start that day")
            if plan.start:
                cin_starts.add(plan.start)
        cp_starts: set[date] = set()
        for j, p in enumerate(episode.cp_plans, start=1):
            where = f"{at}/ChildProtectionPlans[{j}]"
            self.required(where, "CPPstartDate", p.start)
            self.required(where, "InitialCategoryOfAbuse", p.initial_category)
            self.code(where, "InitialCategoryOfAbuse", p.initial_category, codes.CATEGORY_OF_ABUSE)
            self.code(where, "LatestCategoryOfAbuse", p.latest_category, codes.CATEGORY_OF_ABUSE)
            if p.start in cp_starts:
                self.add(where, "CPPstartDate", "two plans start that day")
            if p.start:
                cp_starts.add(p.start)
            if p.previous_plans is not None and not p.previous_plans.isdigit():
                self.add(where, "NumberOfPreviousCPP", f"'{p.previous_plans}' is not a number")
            if None in p.reviews:
                self.add(where, "CPPreviewDate", "a review has no date")
            if len(set(p.reviews)) != len(p.reviews):
                self.add(where, "CPPreviewDate", "two reviews on the same day")


# --- Writing ---------------------------------------------------------------------------------


def _fk_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.is_relation]


@dataclass
class _Writer:
    file: str
    user: User
    report: ImportReport
    problems: list[Problem] = field(default_factory=list)
    where: dict[int, str] = field(default_factory=dict)
    new: dict[type[models.Model], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list)
    )
    changed: dict[type[models.Model], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list)
    )
    changed_fields: dict[type[models.Model], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    chronology: list[tuple[models.Model, Person, date, str]] = field(default_factory=list)
    deleted_disabilities: list[int] = field(default_factory=list)

    # Existing records of the people in the file, by natural key.
    persons: dict[str, Person] = field(default_factory=dict)
    episodes: dict[tuple[int, date], CINEpisode] = field(default_factory=dict)
    assessments: dict[tuple[int, date], Assessment] = field(default_factory=dict)
    factors: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    enquiries: dict[tuple[int, date], Section47Enquiry] = field(default_factory=dict)
    transfer_ins: dict[tuple[int, date], Conference] = field(default_factory=dict)
    cp_plans: dict[tuple[int, date], CPPlan] = field(default_factory=dict)
    reviews: dict[tuple[int, date], Conference] = field(default_factory=dict)
    cin_plans: dict[tuple[int, date], CINPlan] = field(default_factory=dict)
    disabilities: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    # Initial and transfer-in conferences of this import, by (episode object, date).
    initial_conferences: dict[tuple[int, date], Conference] = field(default_factory=dict)

    # -- loading what is there --------------------------------------------------------------

    def load(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 500):
            for person in Person.objects.filter(la_child_id__in=ids[i : i + 500]):
                self.persons[person.la_child_id or ""] = person
        if not self.persons:
            return
        people = [p.pk for p in self.persons.values()]
        for pid, code, did in Disability.objects.filter(person_id__in=people).values_list(
            "person_id", "code", "pk"
        ):
            self.disabilities[pid][code] = did
        for e in CINEpisode.objects.filter(child_id__in=people):
            self.episodes[(e.child_id, e.referral_date)] = e
        for a in Assessment.objects.filter(child_id__in=people):
            self.assessments[(a.episode_id, a.start_date)] = a
        for aid, code in AssessmentFactor.objects.filter(
            assessment__child_id__in=people
        ).values_list("assessment_id", "code"):
            self.factors[aid].add(code)
        for s in Section47Enquiry.objects.filter(child_id__in=people).select_related(
            "initial_conference"
        ):
            self.enquiries[(s.episode_id, s.start_date)] = s
        for c in Conference.objects.filter(child_id__in=people):
            if c.kind == ConferenceKind.TRANSFER_IN:
                self.transfer_ins[(c.episode_id, c.held_on)] = c
            elif c.kind == ConferenceKind.REVIEW and c.plan_id:
                self.reviews[(c.plan_id, c.held_on)] = c
        for p in CPPlan.objects.filter(child_id__in=people).select_related("initial_conference"):
            self.cp_plans[(p.child_id, p.start_date)] = p
        for q in CINPlan.objects.filter(child_id__in=people):
            self.cin_plans[(q.episode_id, q.start_date)] = q

    # -- building ---------------------------------------------------------------------------

    def _add(self, obj: models.Model, where: str, kind: str) -> None:
        self.where[id(obj)] = where
        self.new[type(obj)].append(obj)
        self.report.count(kind, "created")

    def _update(self, obj: models.Model, values: dict[str, Any], where: str, kind: str) -> None:
        differ = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not differ:
            self.report.count(kind, "unchanged")
            return
        for k, v in differ.items():
            setattr(obj, k, v)
        self.where[id(obj)] = where
        self.changed[type(obj)].append(obj)
        self.changed_fields[type(obj)].update(differ)
        self.report.count(kind, "changed")

    def child(self, child: r.Child, reference_date: date | None) -> None:
        where = f"Child[{child.position}] {child.la_child_id}"
        values: dict[str, Any] = {
            "upn": child.upn or "",
            "former_upn": child.former_upn or "",
            "upn_unknown_reason": child.upn_unknown or "",
            "date_of_birth": child.birth_date,
            "expected_date_of_birth": child.expected_birth_date,
            "sex": child.sex or "U",
            "date_of_death": child.death_date,
            "ethnicity": child.ethnicity or "",
        }
        person = self.persons.get(child.la_child_id or "")
        if person is None:
            person = Person(
                is_child=True,
                la_child_id=child.la_child_id,
                first_name="Imported child",
                last_name=child.la_child_id or "",
                **values,
            )
            self._add(person, where, "people")
            existing_codes: dict[str, int] = {}
        else:
            if child.birth_date is None and person.date_of_birth is not None:
                # The census reports a child born after the reference date as unborn.
                values.pop("date_of_birth")
                values.pop("expected_date_of_birth")
                values.pop("sex")
            self._update(person, values, where, "people")
            existing_codes = self.disabilities.get(person.pk, {})
        wanted = set(child.disabilities)
        for code in sorted(wanted - set(existing_codes)):
            self._add(Disability(person=person, code=code), f"{where}/Disability", "disabilities")
        stale = [pk for code, pk in existing_codes.items() if code not in wanted]
        if stale:
            self.deleted_disabilities.extend(stale)
            self.report.count("disabilities", "changed", len(stale))
        for i, episode in enumerate(child.episodes, start=1):
            self.episode(person, episode, f"{where}/CINdetails[{i}]")

    def episode(self, person: Person, e: r.Episode, where: str) -> None:
        assert e.referral_date is not None
        values: dict[str, Any] = {
            "referral_source": e.referral_source or "",
            "primary_need": e.primary_need or "",
            "referral_nfa": bool(_flag(e.referral_nfa)),
            "closure_date": e.closure_date,
            "closure_reason": e.closure_reason or "",
        }
        episode = self.episodes.get((person.pk, e.referral_date)) if person.pk else None
        if episode is None:
            episode = CINEpisode(
                child=person, referral_date=e.referral_date, created_by=self.user, **values
            )
            self._add(episode, where, "CIN episodes")
            self.chronology.append(
                (episode, person, e.referral_date, f"Referral ({IMPORTED.lower()})")
            )
        else:
            self._update(episode, values, where, "CIN episodes")
        for j, a in enumerate(e.assessments, start=1):
            self.assessment(person, episode, a, f"{where}/Assessments[{j}]")
        for j, s in enumerate(e.section47s, start=1):
            self.section47(person, episode, e, s, f"{where}/Section47[{j}]")
        for j, cin in enumerate(e.cin_plans, start=1):
            self.cin_plan(person, episode, cin, f"{where}/CINPlanDates[{j}]")
        for j, p in enumerate(e.cp_plans, start=1):
            self.cp_plan(person, episode, e, p, f"{where}/ChildProtectionPlans[{j}]")
        if e.initial_cpc and not any(s.icpc == e.initial_cpc for s in e.section47s):
            self.transfer_in(person, episode, e.initial_cpc, None, where)

    def assessment(self, person: Person, episode: CINEpisode, a: r.Assessment, where: str) -> None:
        assert a.start is not None
        status = AssessmentStatus.AUTHORISED if a.authorised else AssessmentStatus.DRAFT
        values: dict[str, Any] = {"authorised_on": a.authorised, "status": status}
        found = self.assessments.get((episode.pk, a.start)) if episode.pk else None
        if found is None:
            found = Assessment(
                episode=episode,
                child=person,
                worker=self.user,
                start_date=a.start,
                authorised_by=self.user if a.authorised else None,
                **values,
            )
            self._add(found, where, "assessments")
            have: set[str] = set()
        else:
            self._update(found, values, where, "assessments")
            have = self.factors.get(found.pk, set())
        for code in sorted(set(a.factors) - have):
            self._add(AssessmentFactor(assessment=found, code=code), where, "assessment factors")

    def section47(
        self, person: Person, episode: CINEpisode, e: r.Episode, s: r.Section47, where: str
    ) -> None:
        assert s.start is not None
        not_required = _flag(s.icpc_not_required) is True
        concluded = s.icpc is not None or not_required
        values: dict[str, Any] = {
            "icpc_required": True if s.icpc else (False if not_required else None),
            "status": Section47Status.CONCLUDED if concluded else Section47Status.OPEN,
            "outcome_date": s.icpc or (s.start if not_required else None),
        }
        found = self.enquiries.get((episode.pk, s.start)) if episode.pk else None
        if found is None:
            discussion = StrategyDiscussion(
                child=person,
                episode=episode,
                kind=StrategyKind.DISCUSSION,
                held_on=s.start,
                information_shared=IMPORTED,
                safety_actions=IMPORTED,
                decision=StrategyDecision.S47_SINGLE,
                rationale=IMPORTED,
                recorded_by=self.user,
            )
            self._add(discussion, where, "strategy discussions")
            found = Section47Enquiry(
                child=person,
                episode=episode,
                strategy_discussion=discussion,
                start_date=s.start,
                joint_agreed=False,
                **values,
            )
            self._add(found, where, "section 47 enquiries")
            self.chronology.append(
                (found, person, s.start, f"Section 47 enquiry started ({IMPORTED.lower()})")
            )
        else:
            self._update(found, values, where, "section 47 enquiries")
        if s.icpc is not None:
            conference = getattr(found, "initial_conference", None) if found.pk else None
            plan = next((p for p in e.cp_plans if p.start == s.icpc), None)
            if conference is None:
                conference = self._conference(
                    person, episode, ConferenceKind.INITIAL, s.icpc, plan, where
                )
                conference.enquiry = found
                self._add(conference, f"{where}/DateOfInitialCPC", "conferences")
            self.initial_conferences[(id(episode), s.icpc)] = conference

    def _conference(
        self,
        person: Person,
        episode: CINEpisode,
        kind: str,
        held_on: date,
        plan: r.CPPlan | None,
        where: str,
    ) -> Conference:
        makes_plan = plan is not None
        return Conference(
            child=person,
            episode=episode,
            kind=kind,
            held_on=held_on,
            chair=self.user,
            parents_participation=ParentParticipation.ATTENDED,
            child_participation=ChildParticipation.WORKER,
            decision=ConferenceDecision.PLAN if makes_plan else ConferenceDecision.NO_PLAN,
            category=(plan.initial_category or "") if plan is not None else "",
            rationale=IMPORTED,
            recorded_by=self.user,
        )

    def transfer_in(
        self,
        person: Person,
        episode: CINEpisode,
        held_on: date,
        plan: r.CPPlan | None,
        where: str,
    ) -> Conference:
        key = (id(episode), held_on)
        if key in self.initial_conferences:
            return self.initial_conferences[key]
        found = self.transfer_ins.get((episode.pk, held_on)) if episode.pk else None
        if found is None:
            found = self._conference(
                person, episode, ConferenceKind.TRANSFER_IN, held_on, plan, where
            )
            self._add(found, f"{where}/DateOfInitialCPC", "conferences")
        self.initial_conferences[key] = found
        return found

    def cin_plan(self, person: Person, episode: CINEpisode, p: r.CINPlan, where: str) -> None:
        assert p.start is not None
        values: dict[str, Any] = {
            "end_date": p.end,
            "status": PlanStatus.ENDED if p.end else PlanStatus.OPEN,
        }
        found = self.cin_plans.get((episode.pk, p.start)) if episode.pk else None
        if found is None:
            found = CINPlan(child=person, episode=episode, start_date=p.start, **values)
            self._add(found, where, "CIN plans")
            self.chronology.append(
                (found, person, p.start, f"CIN plan started ({IMPORTED.lower()})")
            )
        else:
            self._update(found, values, where, "CIN plans")

    def cp_plan(
        self, person: Person, episode: CINEpisode, e: r.Episode, p: r.CPPlan, where: str
    ) -> None:
        assert p.start is not None
        latest = p.latest_category or p.initial_category or ""
        values: dict[str, Any] = {
            "end_date": p.end,
            "status": PlanStatus.ENDED if p.end else PlanStatus.OPEN,
            "initial_category": p.initial_category or "",
            "latest_category": latest,
            "previous_plans": int(p.previous_plans or 0),
        }
        found = self.cp_plans.get((person.pk, p.start)) if person.pk else None
        if found is None:
            conference = self.initial_conferences.get((id(episode), p.start))
            if conference is None:
                conference = self.transfer_in(person, episode, p.start, p, where)
            found = CPPlan(
                child=person,
                episode=episode,
                initial_conference=conference,
                start_date=p.start,
                end_reason="other" if p.end else "",
                **values,
            )
            self._add(found, where, "child protection plans")
            self.chronology.append(
                (found, person, p.start, f"Child protection plan started ({IMPORTED.lower()})")
            )
        else:
            self._update(found, values, where, "child protection plans")
        reviews = sorted(d for d in p.reviews if d is not None)
        for k, held_on in enumerate(reviews, start=1):
            # The census carries the latest category only: it goes on the last review.
            category = latest if k == len(reviews) else ""
            decision = ConferenceDecision.CONTINUE if category else ConferenceDecision.END
            at = f"{where}/Reviews/CPPreviewDate[{k}]"
            review = self.reviews.get((found.pk, held_on)) if found.pk else None
            if review is None:
                review = Conference(
                    child=person,
                    episode=episode,
                    kind=ConferenceKind.REVIEW,
                    plan=found,
                    held_on=held_on,
                    chair=self.user,
                    parents_participation=ParentParticipation.ATTENDED,
                    child_participation=ChildParticipation.WORKER,
                    decision=decision,
                    category=category,
                    rationale=IMPORTED,
                    recorded_by=self.user,
                )
                self._add(review, at, "review conferences")
            else:
                self._update(
                    review, {"category": category, "decision": decision}, at, "review conferences"
                )

    # -- validating and saving --------------------------------------------------------------

    def validate(self) -> None:
        """Each new or changed record's own rules (`full_clean` without the foreign keys,
        unique checks and constraints: importers/checking.py)."""
        checks = RecordChecks()
        for model, objs in list(self.new.items()) + list(self.changed.items()):
            exclude = _fk_names(model)
            for obj in objs:
                # A related object made by this import has no id until its layer is saved:
                # stand in for it while the model's own clean() looks at the id.
                pending: list[tuple[Any, Any]] = []
                for f in model._meta.concrete_fields:
                    related = obj._state.fields_cache.get(f.name) if f.is_relation else None
                    if related is not None and getattr(obj, f.attname) is None:
                        pending.append((f, related))
                for f, _ in pending:
                    setattr(obj, f.attname, -1)
                try:
                    checks.full_clean(obj, exclude=exclude)
                except ValidationError as exc:
                    for name, messages in exc.message_dict.items():
                        for message in messages:
                            self.problems.append(
                                Problem(
                                    self.file,
                                    self.where.get(id(obj), ""),
                                    "" if name == "__all__" else name,
                                    message,
                                )
                            )
                finally:
                    for f, related in pending:
                        setattr(obj, f.attname, None)
                        setattr(obj, f.name, related)

    def save(self) -> None:
        if self.deleted_disabilities:
            Disability.objects.filter(pk__in=self.deleted_disabilities).delete()
        conferences = self.new.pop(Conference, [])
        reviews = [c for c in conferences if getattr(c, "kind", "") == ConferenceKind.REVIEW]
        initial = [c for c in conferences if getattr(c, "kind", "") != ConferenceKind.REVIEW]
        for model in ORDER:
            objs = initial if model is Conference else self.new.get(model, [])
            _bulk_create(model, objs)
        _bulk_create(Conference, reviews)
        for model, objs in self.changed.items():
            model._default_manager.bulk_update(
                objs, sorted(self.changed_fields[model]), batch_size=BATCH
            )
        ChronologyEntry.objects.bulk_create(
            [
                ChronologyEntry(
                    child_id=person.pk,
                    occurred_on=on,
                    category=CHRONOLOGY_CATEGORY,
                    summary=summary,
                    source_type=source._meta.label_lower,
                    source_id=str(source.pk),
                    recorded_by=self.user,
                )
                for source, person, on, summary in self.chronology
            ],
            batch_size=BATCH,
        )


ORDER: tuple[type[models.Model], ...] = (
    Person,
    Disability,
    CINEpisode,
    Assessment,
    AssessmentFactor,
    StrategyDiscussion,
    Section47Enquiry,
    CINPlan,
    Conference,
    CPPlan,
)


def _bulk_create(model: type[models.Model], objs: list[models.Model]) -> None:
    if not objs:
        return
    # bulk_create points each foreign key at the id its related object was given by the layer
    # saved before it.
    model._default_manager.bulk_create(objs, batch_size=BATCH)


@dataclass
class CinImport:
    report: ImportReport
    children: int
    sha256: str


def cin_import(
    *,
    path: str | Path,
    user: User | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> CinImport:
    """Import the CIN census file at `path`. Raises `ImportRefused` with every problem found,
    having written nothing; otherwise returns what was created, changed and left unchanged."""
    name = Path(path).name
    say = on_progress or (lambda message: None)
    try:
        census = parse(path)
    except CensusFileError as exc:
        raise ImportRefused([Problem(name, "", "", str(exc))]) from exc
    checker = _Checker(name)
    checker.check(census)
    if checker.problems:
        raise ImportRefused(checker.problems)
    say(f"Read {len(census.children)} children from {name}")
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    actor = import_user()
    report = ImportReport()
    with transaction.atomic():
        writer = _Writer(file=name, user=actor, report=report)
        writer.load([c.la_child_id or "" for c in census.children])
        for child in census.children:
            writer.child(child, census.header.reference_date)
        writer.validate()
        if writer.problems:
            raise ImportRefused(writer.problems)
        writer.save()
        auditor = Auditor(user=user, system_job=JOB) if user else Auditor(system_job=JOB)
        auditor.record(
            AuditAction.CREATE,
            object_type="returns.import",
            object_id=digest[:32],
            summary=(
                f"Imported the CIN census {name} ({len(census.children)} children, sha256 "
                f"{digest[:12]}): {sum(report.created.values())} records created, "
                f"{sum(report.changed.values())} changed"
            )[:500],
        )
    return CinImport(report=report, children=len(census.children), sha256=digest)
