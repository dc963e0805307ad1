"""Every URL pattern of the project is covered by an access test.

The test walks Django's URL resolver (every app, every namespace, including patterns added
after this file was written) and fails for any named pattern that is not classified in
`ACCESS` below. Each classification brings its own checks:

    public()            Opens without signing in (the sign-in page, health check).
    signed_in()         Any signed-in user may use it (search, reference lists, my work).
                        Checked: anonymous users are sent to sign in; a social worker gets in.
    child_scoped()      About one child (a `child_id` in the URL). Checked: anonymous users are
                        sent to sign in; an outsider (`other_worker`, asking for
                        `allocated_child`) gets 404 and the attempt is audited; the allocated
                        social worker gets in.
    role_restricted()   Only some roles (e.g. the audit pages). Checked: anonymous users are
                        sent to sign in; the `denied` personas get 404 or 403; the `allowed`
                        personas get in.
    object_scoped()     About one record reached through its own id (a case note, a contact).
                        `kwargs` is a factory hook that makes a record the `insider` persona
                        may see and returns the URL kwargs; the `outsider` persona gets 404.

Every pattern with a `child_id` argument gets the child-scoped outsider check whatever its
classification (unless it is public). Patterns with other arguments need a `kwargs` hook:
`kwargs=lambda p: {"note_id": CaseNoteFactory(child=p.allocated_child).pk}` where `p` gives
the persona fixtures of the root conftest.py by name (`p.social_worker`, `p.allocated_child`).
A view that only accepts POST says `method="post"`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, converters, get_resolver, reverse

from hearth.core.models import AuditAction, AuditEntry

# --------------------------------------------------------------------------------------------
# Classifications


class Personas:
    """The persona fixtures of the root conftest.py, made on first use (`p.allocated_child`),
    plus the few extra people this module makes (`EXTRA_PERSONAS`)."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request
        self._made: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in EXTRA_PERSONAS:
            if name not in self._made:
                self._made[name] = EXTRA_PERSONAS[name](self)
            return self._made[name]
        return self._request.getfixturevalue(name)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """One record per test, however many kwargs hooks ask for it."""
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]


def _mash_team(p: Personas) -> Any:
    from hearth.accounts.models import ServiceKind
    from hearth.accounts.tests.factories import ServiceFactory, TeamFactory

    service = ServiceFactory(name="MASH and front door", kind=ServiceKind.MASH)
    return TeamFactory(name="MASH", service=service)


def _user(username: str, role: str, team: Callable[[Personas], Any] | None = None, **extra: Any):
    def make(p: Personas) -> Any:
        from hearth.accounts.tests.factories import UserFactory

        return UserFactory(username=username, role=role, team=team(p) if team else None, **extra)

    return make


def _mash_manager(p: Personas) -> Any:
    team = _mash_team(p)
    manager = _user("access.mash.manager", "team_manager")(p)
    manager.team = team
    manager.save()
    team.manager = manager
    team.save()
    return manager


EXTRA_PERSONAS: dict[str, Callable[[Personas], Any]] = {
    "mash_practitioner": _user("access.mash", "mash_practitioner", _mash_team),
    "mash_manager": _mash_manager,
    "qa_officer": _user("access.qa", "qa_officer"),
    "data_protection_officer": _user("access.dpo", "data_protection_officer"),
    "early_help_practitioner": _user("access.eh", "early_help_practitioner"),
    "second_partner": _user(
        "access.partner.two", "partner_referrer", organisation="Hearthside Health Visiting"
    ),
    "young_person": lambda p: _portal_account(p).user,
}


KwargsHook = Callable[[Personas], dict[str, Any]]


@dataclass(frozen=True)
class Access:
    kind: str
    method: str = "get"
    kwargs: KwargsHook | None = None
    insider: str = "social_worker"
    outsider: str | tuple[str, ...] = "other_worker"
    allowed: tuple[str, ...] = ()
    denied: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    # Signing out lands on the sign-in page by design.
    ends_on_sign_in: bool = False
    # GET parameters some pages need (e.g. which enquiry a conference follows).
    query: KwargsHook | None = None


def public(*, method: str = "get") -> Access:
    return Access("public", method=method)


def signed_in(
    *, method: str = "get", kwargs: KwargsHook | None = None, ends_on_sign_in: bool = False
) -> Access:
    return Access("signed-in", method=method, kwargs=kwargs, ends_on_sign_in=ends_on_sign_in)


def child_scoped(
    *,
    method: str = "get",
    kwargs: KwargsHook | None = None,
    insider: str = "social_worker",
    outsider: str | tuple[str, ...] = "other_worker",
    query: KwargsHook | None = None,
) -> Access:
    return Access(
        "child-scoped",
        method=method,
        kwargs=kwargs,
        insider=insider,
        outsider=outsider,
        query=query,
    )


def young_person(*, method: str = "get", kwargs: KwargsHook | None = None) -> Access:
    """A young person's own page on the portal (hearth.portal). Checked: anonymous visitors
    are sent to the portal's sign-in; staff (a social worker) get 404; the `young_person`
    persona, signed in with their code, gets in."""
    return Access("young-person", method=method, kwargs=kwargs, insider="young_person")


def role_restricted(
    *,
    allowed: tuple[str, ...],
    denied: tuple[str, ...] = ("social_worker",),
    method: str = "get",
    kwargs: KwargsHook | None = None,
) -> Access:
    return Access("role-restricted", method=method, kwargs=kwargs, allowed=allowed, denied=denied)


def object_scoped(
    *,
    kwargs: KwargsHook,
    method: str = "get",
    insider: str = "social_worker",
    outsider: str = "other_worker",
) -> Access:
    return Access("object-scoped", method=method, kwargs=kwargs, insider=insider, outsider=outsider)


def api_token(
    *,
    insider: str = "social_worker",
    outsider: str = "other_worker",
    kwargs: KwargsHook | None = None,
) -> Access:
    """The JSON API (hearth.api): requests carry a bearer token, not a session. Checked: no
    token gets 401; the outsider's token gets 404 for a child's (or a record's) data, and the
    attempt is audited; the insider's token gets in."""
    return Access("api-token", kwargs=kwargs, insider=insider, outsider=outsider)


def not_found_for_all() -> Access:
    """A catch-all that answers 404 whoever asks (unknown paths under /api/v1/ answer JSON)."""
    return Access("not-found")


def _api_token_id(p: Personas) -> dict[str, Any]:
    from hearth.api.services import token_create

    return {"token_id": token_create(user=None, owner=p.social_worker, name="Access").token.pk}


def _code_list() -> str:
    from hearth.reference.models import Code

    code, _ = Code.objects.get_or_create(
        list_name="access_test", code="X", defaults={"description": "Access test code"}
    )
    return code.list_name


def _relationship(p: Personas) -> Any:
    """An adult in `allocated_child`'s family network (visible through the child)."""
    from hearth.people.models import Relationship
    from hearth.people.tests.factories import RelationshipFactory

    existing = Relationship.objects.filter(child=p.allocated_child).first()
    return existing or RelationshipFactory(child=p.allocated_child)


def _relative(p: Personas) -> Any:
    return _relationship(p).relative


def _emergency_grant(p: Personas) -> dict[str, int]:
    """The social worker's break-glass grant on a child outside their work."""
    from hearth.people.services import emergency_access_grant

    grant = emergency_access_grant(
        user=p.social_worker, child=p.other_child, reason="Police called out of hours about him"
    )
    return {"grant_id": grant.pk}


def _relative_address(p: Personas) -> dict[str, int]:
    from hearth.people.tests.factories import AddressFactory

    relative = _relative(p)
    return {"person_id": relative.pk, "address_id": AddressFactory(person=relative).pk}


def _case_note(p: Personas) -> Any:
    from datetime import date

    from hearth.casework import services

    return services.case_note_save_draft(
        user=p.social_worker,
        child=p.allocated_child,
        data={"note_type": "home_visit", "contact_date": date(2026, 1, 6), "body": "Seen at home"},
    )


def _document(p: Personas) -> Any:
    from io import BytesIO

    from hearth.casework import services
    from hearth.casework.models import Document

    document_type = Document._meta.get_field("document_type").choices[0][0]
    return services.document_upload(
        user=p.social_worker,
        child=p.allocated_child,
        document_type=document_type,
        title="Access test letter",
        upload=BytesIO(b"%PDF-1.4 access test"),
        original_filename="letter.pdf",
        content_type="application/pdf",
    )


def _contact(p: Personas) -> Any:
    """A contact about `allocated_child`, received by the MASH."""

    def make() -> Any:
        from django.utils import timezone

        from hearth.front_door import services
        from hearth.front_door.rules import ContactRoute

        contact = services.contact_create(
            user=p.mash_practitioner,
            route=ContactRoute.PHONE,
            received_at=timezone.now(),
            referral_source="2A",
            concern="Child came to school with a bruise on the arm.",
            referrer_agency="Hearthside Primary",
        )
        services.contact_link_person(
            user=p.mash_practitioner, contact=contact, person=p.allocated_child
        )
        return contact

    return p.once("contact", make)


def _contact_kwargs(p: Personas) -> dict[str, Any]:
    return {"pk": _contact(p).pk}


def _check_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.front_door import services

    contact = _contact(p)
    check = services.mash_check_request(
        user=p.mash_practitioner, contact=contact, agency="police", rag="amber"
    )
    return {"pk": contact.pk, "check_id": check.pk}


def _decision(p: Personas, user: Any) -> Any:
    from hearth.front_door import services

    return services.decision_record(
        user=user,
        contact=_contact(p),
        level_of_need=2,
        outcome="nfa",
        rationale="Universal services can meet the child's needs.",
    )


def _awaiting_authorisation(p: Personas) -> dict[str, Any]:
    decision = _decision(p, p.mash_practitioner)
    return {"pk": decision.contact_id, "decision_id": decision.pk}


def _decided_contact(p: Personas) -> dict[str, Any]:
    return {"pk": _decision(p, p.mash_manager).contact_id}


def _partner_referral(p: Personas) -> dict[str, Any]:
    from django.utils import timezone

    from hearth.front_door import services
    from hearth.front_door.rules import ContactRoute

    contact = services.contact_create(
        user=p.partner_referrer,
        route=ContactRoute.PORTAL,
        received_at=timezone.now(),
        referral_source="2A",
        concern="Child often arrives hungry.",
        referrer_agency=p.partner_referrer.organisation,
        submitted_by=p.partner_referrer,
        named_child="Sam Example",
    )
    return {"pk": contact.pk}


# Front door work (consent, checks, decisions) is for MASH staff: the allocated social worker,
# a worker elsewhere and a partner referrer all get 404.
NOT_MASH = ("other_worker", "social_worker", "partner_referrer")


def mash_work(kwargs: KwargsHook = _contact_kwargs, method: str = "get") -> Access:
    return object_scoped(
        kwargs=kwargs, method=method, insider="mash_practitioner", outsider=NOT_MASH
    )


def _early_help_episode(p: Personas) -> dict[str, Any]:
    from django.utils import timezone

    from hearth.early_help import services

    episode = services.episode_start(
        user=p.social_worker,
        child=p.allocated_child,
        start_date=timezone.localdate(),
        reason="Attendance and routines",
        lead_practitioner_name="Jo Example",
        lead_organisation="Family Hub North",
    )
    return {"pk": episode.pk}


def _cin_episode(p: Personas) -> Any:
    """An open CIN episode for `allocated_child`, referred ten days ago."""

    def make() -> Any:
        from datetime import timedelta

        from django.utils import timezone

        from hearth.assessments.services import cin_episode_open

        return cin_episode_open(
            user=p.social_worker,
            child=p.allocated_child,
            referral_date=timezone.localdate() - timedelta(days=10),
            referral_source="2A",
            primary_need="N1",
        )

    return p.once("cin_episode", make)


def _assessment(p: Personas) -> Any:
    def make() -> Any:
        from datetime import timedelta

        from django.utils import timezone

        from hearth.assessments.services import assessment_start

        return assessment_start(
            user=p.social_worker,
            episode=_cin_episode(p),
            start_date=timezone.localdate() - timedelta(days=9),
        )

    return p.once("assessment", make)


def _episode_kwargs(p: Personas) -> dict[str, Any]:
    return {"episode_id": _cin_episode(p).pk}


def _assessment_kwargs(p: Personas) -> dict[str, Any]:
    return {"assessment_id": _assessment(p).pk}


def _kept_text_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.assessments.models import KeptAssessmentText

    assessment = _assessment(p)
    kept = KeptAssessmentText.objects.create(
        assessment=assessment, author=p.social_worker, data={"history": "Typed text"}
    )
    return {"assessment_id": assessment.pk, "kept_id": kept.pk}


def _days_ago(days: int) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() - timedelta(days=days)


def _enquiry(p: Personas) -> Any:
    """A section 47 enquiry for `allocated_child`, from a strategy discussion 9 days ago."""

    def make() -> Any:
        from hearth.child_protection import services
        from hearth.child_protection.models import Agency

        services.strategy_discussion_record(
            user=p.social_worker,
            child=p.allocated_child,
            episode=_cin_episode(p),
            kind="discussion",
            held_on=_days_ago(9),
            participants=(
                services.Participant(Agency.SOCIAL_CARE, "Sam Social", "Social worker"),
                services.Participant(Agency.POLICE, "PC Patel", "Child abuse investigation"),
                services.Participant(Agency.HEALTH, "Dr Hale", "Named nurse"),
            ),
            information_shared="Synthetic information shared.",
            safety_actions="Child to stay with grandmother tonight.",
            decision="s47_joint",
            rationale="Injury unexplained.",
        )
        return p.allocated_child.s47_enquiries.get()

    return p.once("enquiry", make)


def _weekday_days_ago(days: int) -> Any:
    from datetime import timedelta

    day = _days_ago(days)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _cp_plan(p: Personas) -> dict[str, Any]:
    from hearth.child_protection import services

    services.conference_record(
        user=p.social_worker,
        child=p.allocated_child,
        episode=_cin_episode(p),
        kind="initial",
        enquiry=_enquiry(p),
        held_on=_weekday_days_ago(5),
        chair=p.iro,
        parents_participation="attended",
        child_participation="worker",
        decision="plan",
        category="NEG",
        rationale="Continuing risk of significant harm.",
    )
    return {"pk": p.allocated_child.cp_plans.get().pk}


def _cin_plan(p: Personas) -> dict[str, Any]:
    from hearth.child_protection import services

    plan = services.cin_plan_start(
        user=p.social_worker,
        child=p.allocated_child,
        episode=_cin_episode(p),
        start_date=_days_ago(5),
    )
    return {"pk": plan.pk}


def _pre_proceedings(p: Personas) -> dict[str, Any]:
    from hearth.child_protection import services

    plo = services.plo_start(
        user=p.social_worker,
        child=p.allocated_child,
        episode=_cin_episode(p),
        gateway_date=_days_ago(5),
        gateway_decision="pre_proceedings",
    )
    return {"pk": plo.pk}


def _generated_return(p: Personas) -> dict[str, Any]:
    from hearth.returns.services import cin_census_generate

    return {"pk": cin_census_generate(user=p.senior_leader, year=2026).record.pk}


def _care_period(p: Personas) -> Any:
    """A period of care for `allocated_child` that started a week ago, in foster care."""

    def make() -> Any:
        from hearth.children_in_care import services
        from hearth.children_in_care.models import Provider, ProviderKind
        from hearth.children_in_care.validation import Placement

        carers = Provider.objects.create(
            name="The Adeyemi household",
            kind=ProviderKind.IN_HOUSE_FOSTER,
            provider_code="PR1",
            urn="SC123456",
            postcode="E15 4BQ",
            approved_on=_days_ago(1000),
            age_from=0,
            age_to=17,
            capacity=2,
            emergency_beds=1,
        )
        return services.care_period_start(
            user=p.social_worker,
            child=p.allocated_child,
            start_date=_days_ago(7),
            decision_by=p.team_manager,
            decision_date=_days_ago(7),
            decision_reason="Parents unable to care safely; agreed with mother",
            legal_status="V2",
            category_of_need="N1",
            placement=Placement(place="U6", provider=carers),
            home_postcode="E13 9PJ",
        )

    return p.once("care_period", make)


def _care_period_kwargs(p: Personas) -> dict[str, Any]:
    return {"pk": _care_period(p).pk}


def _adoption_journey_kwargs(p: Personas) -> dict[str, Any]:
    """A decision that `allocated_child` (in care for a week) should be placed for adoption."""
    from hearth.adoption import services

    def make() -> Any:
        _care_period(p)
        return services.adoption_decision_record(
            user=p.social_worker,
            child=p.allocated_child,
            decision_on=_days_ago(2),
            decision_maker="Access test ADM",
        )

    return {"pk": p.once("adoption_journey", make).pk}


def _adopter_family_kwargs(p: Personas) -> dict[str, Any]:
    """Prospective adopters worked by `social_worker` (team A); other teams get 404."""
    from hearth.adoption import services
    from hearth.adoption.models import LeavingReason

    def make() -> Any:
        family = services.adopter_enquiry_record(
            user=p.social_worker,
            name="The Access family",
            source="website",
            enquiry_on=_days_ago(30),
            sex_code="F1",
            legal_status="L0",
            adopters=[services.AdopterInput("Ann", "Access", "F")],
        )
        return services.adopter_leave_record(
            user=p.social_worker, family=family, on=_days_ago(1), reason=LeavingReason.ON_HOLD
        )

    return {"pk": p.once("adopter_family", make).pk}


def _care_episode_kwargs(p: Personas) -> dict[str, Any]:
    _care_period(p)
    return {"pk": p.allocated_child.care_episodes.first().pk}


def _cla_review_kwargs(p: Personas) -> dict[str, Any]:
    """A looked after review of `allocated_child`, yesterday (the correction page finds it by
    its date)."""
    from hearth.children_in_care import services
    from hearth.children_in_care.models import age_on

    def make() -> Any:
        child = p.allocated_child
        on = _days_ago(1)
        age = age_on(child.date_of_birth, on)
        return services.review_record(
            user=p.social_worker,
            period=_care_period(p),
            held_on=on,
            iro=p.iro,
            attendance="The child, carers and social worker",
            participation="PN0" if age is not None and age < 4 else "PN1",
            views_sought="at_review",
            child_views="I like it here.",
        )

    return {"held_on": p.once("cla_review", make).held_on.isoformat()}


def _cic_provider_kwargs(p: Personas) -> dict[str, Any]:
    _care_period(p)
    return {"pk": p.allocated_child.care_episodes.first().provider_id}


def _cic_enquiry_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.children_in_care import services

    enquiry = services.fostering_enquiry_record(
        user=p.team_manager,
        household="The Patel household",
        source="event",
        enquired_on=_days_ago(9),
    )
    return {"pk": enquiry.pk}


def _cic_council_issue_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.children_in_care import services

    meeting = services.council_meeting_record(
        user=p.team_manager,
        held_on=_days_ago(3),
        attendance=9,
        notes="Pocket money and Wi-Fi in placements.",
        issues=[services.IssueInput("Wi-Fi in every placement", "Head of service")],
    )
    return {"pk": meeting.issues.get().pk}


def _iro_challenge_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.children_in_care import services

    challenge = services.iro_challenge_raise(
        user=p.iro,
        period=_care_period(p),
        raised_on=_days_ago(1),
        issue="The care plan has no date for the life story work.",
        addressed_to="Team manager",
    )
    return {"pk": challenge.pk}


def _visit_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.casework import services

    note = services.case_note_save_draft(
        user=p.social_worker,
        child=p.allocated_child,
        data={
            "note_type": "statutory_visit",
            "contact_date": _days_ago(1),
            "child_seen": True,
            "body": "Saw the child at the placement.",
        },
    )
    return {"pk": note.pk}


def _supervision_agreement(p: Personas) -> Any:
    def make() -> Any:
        from hearth.oversight import services

        return services.supervision_agreement_set(
            user=p.team_manager,
            worker=p.social_worker,
            supervisor=p.team_manager,
            frequency="",
            start_date=_days_ago(60),
        )

    return p.once("agreement", make)


def _supervision_session(p: Personas) -> Any:
    def make() -> Any:
        from hearth.oversight import services

        _supervision_agreement(p)
        return services.supervision_record(
            user=p.team_manager,
            worker=p.social_worker,
            held_on=_days_ago(2),
            attendance="held",
            actions=[services.ActionInput("Book the training", p.social_worker, _days_ago(-14))],
        )

    return p.once("session", make)


def _oversight_action_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.oversight import services

    entry = services.oversight_record(
        user=p.team_manager,
        child=p.allocated_child,
        occasion="plan_change",
        occurred_on=_days_ago(1),
        direction="Visit within five working days.",
        actions=[services.ActionInput("Visit the child", p.social_worker, _days_ago(-5))],
    )
    return {"action_id": entry.actions.get().pk}


def _improvement_area_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.oversight.models import ImprovementArea

    def make() -> Any:
        area, _ = ImprovementArea.objects.get_or_create(
            number=1, defaults={"title": "Supervision and management oversight"}
        )
        return area

    return {"area_id": p.once("improvement_area", make).pk}


def _improvement_action_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.oversight import services
    from hearth.oversight.models import ImprovementArea

    area_id = _improvement_area_kwargs(p)["area_id"]
    action = services.improvement_action_add(
        user=p.senior_leader,
        area=ImprovementArea.objects.get(pk=area_id),
        description="Monthly supervision audit",
        owner=p.team_manager,
        due_on=_days_ago(-30),
    )
    return {"action_id": action.pk}


def _engagement_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.oversight import services

    engagement = services.leadership_engagement_record(
        user=p.senior_leader,
        kind="practice_visit",
        held_on=_days_ago(3),
        team=p.team_a,
        staff_count=6,
        heard="Staff want more time for direct work.",
    )
    return {"engagement_id": engagement.pk}


# The improvement plan and leadership engagement are for staff (not partner agencies); only
# senior leaders and service managers change the plan or record engagement.
PLAN_READERS = {"allowed": ("social_worker", "senior_leader"), "denied": ("partner_referrer",)}
PLAN_OWNERS = {"allowed": ("senior_leader",), "denied": ("social_worker", "team_manager")}

# Supervision records are for the worker, their supervisor and managers: a worker in another
# team gets 404.
SUPERVISION = {"insider": "team_manager", "outsider": ("other_worker",)}


def _missing_episode_kwargs(p: Personas) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from hearth.missing_exploitation import services

    episode = services.missing_episode_record(
        user=p.social_worker,
        child=p.allocated_child,
        missing_type="M",
        started_at=timezone.now() - timedelta(hours=20),
        where_from="Home",
        reported_by="Mother",
        risk_level="medium",
    )
    return {"episode_id": episode.pk}


def _returned_episode(p: Personas) -> Any:
    """A missing episode for `allocated_child` that ended this morning, with a return home
    interview offered by a colleague (independent of the allocated worker)."""

    def make() -> Any:
        from datetime import timedelta

        from django.utils import timezone

        from hearth.missing_exploitation import services

        now = timezone.now()
        episode = services.missing_episode_record(
            user=p.social_worker,
            child=p.allocated_child,
            missing_type="M",
            started_at=now - timedelta(hours=20),
            ended_at=now - timedelta(hours=6),
            where_from="Home",
            reported_by="Mother",
            risk_level="medium",
        )
        services.return_interview_offer(
            user=p.social_worker,
            episode=episode,
            interviewer=p.colleague,
            offered_at=now - timedelta(hours=2),
        )
        return episode

    return p.once("returned_episode", make)


def _interview_kwargs(p: Personas) -> dict[str, Any]:
    return {"episode_id": _returned_episode(p).pk}


def _safety_plan_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.missing_exploitation import services

    plan = services.safety_plan_start(
        user=p.social_worker,
        child=p.allocated_child,
        agreed_on=_days_ago(2),
        review_on=_days_ago(-12),
        summary="Keep safe",
        actions=[
            {
                "kind": "disruption",
                "what": "Serve a notice",
                "who": "Police",
                "power_used": "Child abduction warning notice",
                "due_on": _days_ago(-5),
            }
        ],
    )
    return {"plan_id": plan.pk}


def _education_entry_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.missing_exploitation import services

    entry = services.education_entry_record(
        user=p.social_worker,
        child=p.allocated_child,
        register="cme",
        referred_on=_days_ago(3),
        referred_by="Hearthside Primary",
        risk_level="medium",
    )
    return {"entry_id": entry.pk}


def _context(p: Personas) -> Any:
    """A place `allocated_child` frequents, recorded by the allocated worker."""

    def make() -> Any:
        from hearth.missing_exploitation import services

        park = services.context_create(
            user=p.social_worker, kind="place", name="Riverside Park", place_type="park"
        )
        services.context_link(
            user=p.social_worker,
            context=park,
            child=p.allocated_child,
            nature="frequents",
            source="police",
            linked_on=_days_ago(3),
        )
        return park

    return p.once("context", make)


def _context_kwargs(p: Personas) -> dict[str, Any]:
    return {"context_id": _context(p).pk}


def _context_plan_kwargs(p: Personas) -> dict[str, Any]:
    from hearth.missing_exploitation import services

    context = _context(p)
    plan = services.context_plan_start(
        user=p.social_worker,
        context=context,
        agreed_on=_days_ago(2),
        summary="Partners patrol the park after school.",
        review_on=_days_ago(-26),
        actions=[],
    )
    return {"context_id": context.pk, "plan_id": plan.pk}


def _allegation_kwargs(p: Personas) -> dict[str, Any]:
    """An allegation recorded by the allocated worker (only its recorder and the designated
    officer's roles see it)."""
    from hearth.missing_exploitation import services

    allegation = services.allegation_record(
        user=p.social_worker,
        kind="allegation",
        received_on=_days_ago(3),
        adult_name="Sam Example",
        adult_role="Coach",
        employer="Synthetic FC",
        sector="sport",
        allegation="Inappropriate messages",
    )
    return {"allegation_id": allegation.pk}


def _case_audit_kwargs(p: Personas) -> dict[str, Any]:
    """The case audit of `allocated_child` drawn in a QA officer's programme for its service
    (the allocated worker is the practitioner, so sees it to respond)."""
    from hearth.oversight import services
    from hearth.oversight.models import AuditTemplate

    child = p.allocated_child  # allocated before the sample is drawn
    template = AuditTemplate.objects.create(name="Access test audit")
    programme = services.audit_programme_create(
        user=p.qa_officer,
        name="Access test audits",
        month=_days_ago(0),
        template=template,
        service=p.team_a.service,
        kind="random",
        sample_size=50,
        auditors=[p.qa_officer],
    )
    return {"audit_id": programme.audits.get(child=child).pk}


AUDIT_READERS = ("senior_leader", "administrator")
NOT_AUDIT_READERS = ("social_worker", "team_manager", "iro", "partner_referrer")


def _portal_account(p: Personas) -> Any:
    """`allocated_child`'s portal account."""
    from hearth.portal.tests.factories import portal_account

    return p.once("portal_account", lambda: portal_account(p.allocated_child, "access.yp"))


def _portal_file(p: Personas) -> dict[str, int]:
    from hearth.portal.models import Share

    _portal_account(p)
    share = Share.objects.create(
        person=p.allocated_child,
        kind="document",
        object_id=_document(p).pk,
        shared_by=p.social_worker,
    )
    return {"share_id": share.pk}


def _portal_share(p: Personas) -> dict[str, int]:
    from hearth.portal.models import Share

    share = Share.objects.create(
        person=p.allocated_child,
        kind="document",
        object_id=_document(p).pk,
        shared_by=p.social_worker,
    )
    return {"share_id": share.pk}


def _portal_views(p: Personas) -> dict[str, int]:
    from hearth.portal.models import MeetingViews

    account = _portal_account(p)
    views = MeetingViews.objects.create(
        person=p.allocated_child, meeting="cla_review", worries="School", submitted_by=account.user
    )
    return {"views_id": views.pk}


def _portal_help(p: Personas) -> dict[str, int]:
    from hearth.portal.models import HelpRequest

    account = _portal_account(p)
    found = HelpRequest.objects.create(
        person=p.allocated_child, what="Rent", raised_by=account.user
    )
    return {"help_id": found.pk}


def _portal_idea(p: Personas) -> dict[str, int]:
    from hearth.portal.models import CouncilIdea

    account = _portal_account(p)
    idea = CouncilIdea.objects.create(
        person=p.allocated_child, kind="idea", text="Wi-fi", raised_by=account.user
    )
    return {"pk": idea.pk}


def _with_portal_account(p: Personas) -> dict[str, Any]:
    _portal_account(p)
    return {}


ACCESS: dict[str, Access] = {
    # the young people's portal: its own sign-in, the young person's pages, staff pages
    "portal:start": public(),
    "portal:sign_in": public(),
    "portal:code": public(),
    "portal:signed_out": public(),
    "portal:forgot_password": public(),
    "portal:new_password": public(),
    "portal:home": young_person(),
    "portal:sign_out": young_person(method="post"),
    "portal:meeting": young_person(),
    "portal:plan": young_person(),
    "portal:story": young_person(),
    "portal:file": young_person(kwargs=_portal_file),
    "portal:pathway_plan": young_person(),
    "portal:health_history": young_person(),
    "portal:entitlements": young_person(),
    "portal:help": young_person(),
    "portal:messages": young_person(),
    "portal:council": young_person(),
    "portal:staff_child": child_scoped(),
    "portal:staff_invite": child_scoped(),
    "portal:staff_share": child_scoped(),
    "portal:staff_share_withdraw": child_scoped(method="post", kwargs=_portal_share),
    "portal:staff_suspend": child_scoped(kwargs=_with_portal_account),
    "portal:staff_reinstate": child_scoped(method="post", kwargs=_with_portal_account),
    "portal:staff_password_reset": child_scoped(method="post", kwargs=_with_portal_account),
    "portal:staff_views": child_scoped(kwargs=_portal_views),
    "portal:staff_reply": child_scoped(method="post"),
    "portal:staff_help": child_scoped(kwargs=_portal_help),
    "portal:staff_council": role_restricted(allowed=("team_manager", "senior_leader")),
    "portal:staff_idea": role_restricted(allowed=("team_manager",), kwargs=_portal_idea),
    "portal:staff_idea_meeting": role_restricted(allowed=("team_manager",), kwargs=_portal_idea),
    # core
    "core:start": signed_in(),
    "core:healthz": public(),
    # accounts
    "accounts:login": public(),
    "accounts:logout": signed_in(method="post", ends_on_sign_in=True),
    "accounts:account": signed_in(),
    # The second step of signing in and single sign-on answer before anyone is signed in.
    "accounts:two_factor": public(),
    "accounts:two_factor_setup": public(),
    "accounts:timed_out": public(),
    "accounts:sso_start": public(),
    "accounts:sso_callback": public(),
    "accounts:sign_out_everywhere": signed_in(method="post", ends_on_sign_in=True),
    "accounts:keep_alive": signed_in(method="post"),
    "accounts:recovery_codes": signed_in(),
    "accounts:recovery_codes_new": signed_in(method="post"),
    "accounts:users": role_restricted(allowed=("administrator",)),
    "accounts:two_factor_reset": role_restricted(
        allowed=("administrator",), kwargs=lambda p: {"user_id": p.social_worker.pk}
    ),
    "accounts:user_fte": role_restricted(
        allowed=("administrator",), kwargs=lambda p: {"user_id": p.social_worker.pk}
    ),
    # audit (senior leaders and administrators only)
    "audit:index": role_restricted(allowed=AUDIT_READERS, denied=NOT_AUDIT_READERS),
    "audit:child_audit": role_restricted(allowed=AUDIT_READERS, denied=NOT_AUDIT_READERS),
    "audit:user_audit": role_restricted(
        allowed=AUDIT_READERS,
        denied=NOT_AUDIT_READERS,
        kwargs=lambda p: {"user_id": p.social_worker.pk},
    ),
    # reference: code lists and timescale rules hold no personal data
    "reference:index": signed_in(),
    "reference:detail": signed_in(kwargs=lambda p: {"list_name": _code_list()}),
    "timescales:rules": signed_in(),
    "timescales:calendar": signed_in(),
    # indicators: each user sees the scopes they may (a worker their own children)
    "indicators:dashboard": signed_in(),
    "indicators:children": signed_in(kwargs=lambda p: {"indicator_id": "referrals_nfa"}),
    "indicators:export": signed_in(kwargs=lambda p: {"fmt": "csv"}),
    # Recomputing figures now: performance analysts and senior leaders (POST, audited).
    "indicators:refresh": role_restricted(
        allowed=("senior_leader",), denied=("social_worker", "team_manager"), method="post"
    ),
    "indicators:inspection": role_restricted(
        allowed=("senior_leader",), denied=("social_worker", "team_manager")
    ),
    "indicators:inspection_export": role_restricted(
        allowed=("senior_leader",), denied=("social_worker", "team_manager")
    ),
    # Privacy: the data protection officer only (subject access, retention, erasure).
    "privacy:subject_access": role_restricted(
        allowed=("data_protection_officer",), denied=("social_worker", "senior_leader", "iro")
    ),
    "privacy:subject_access_person": role_restricted(
        allowed=("data_protection_officer",),
        denied=("social_worker", "senior_leader", "iro"),
        kwargs=lambda p: {"person_id": p.allocated_child.pk},
    ),
    "privacy:subject_access_download": role_restricted(
        allowed=("data_protection_officer",),
        denied=("social_worker", "senior_leader", "iro"),
        kwargs=lambda p: {"person_id": p.allocated_child.pk, "fmt": "json"},
    ),
    "privacy:retention_review": role_restricted(
        allowed=("data_protection_officer",), denied=("social_worker", "senior_leader", "iro")
    ),
    "privacy:erase": role_restricted(
        allowed=("data_protection_officer",),
        denied=("social_worker", "senior_leader", "iro"),
        kwargs=lambda p: {"person_id": p.allocated_child.pk},
    ),
    # The JSON API: bearer tokens; its description is public, its docs for signed-in users,
    # its token pages for administrators only.
    "api:schema": public(),
    "api:docs": signed_in(),
    "api:tokens": role_restricted(
        allowed=("administrator",), denied=("social_worker", "senior_leader")
    ),
    "api:token_new": role_restricted(
        allowed=("administrator",), denied=("social_worker", "senior_leader")
    ),
    "api:token_revoke": role_restricted(
        allowed=("administrator",), denied=("social_worker", "senior_leader"), kwargs=_api_token_id
    ),
    "api:not_found": not_found_for_all(),
    "api:children": api_token(),
    "api:child": api_token(),
    "api:child_allocations": api_token(),
    "api:child_due_items": api_token(),
    "api:my_due_items": api_token(),
    "api:referrals": api_token(insider="partner_referrer"),
    "api:referral": api_token(
        insider="partner_referrer",
        outsider="second_partner",
        kwargs=lambda p: {"referral_id": _partner_referral(p)["pk"]},
    ),
    # front door
    "front_door:queue": signed_in(),
    "front_door:thresholds": signed_in(),
    "front_door:reports": role_restricted(
        allowed=("mash_practitioner", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "front_door:contact_create": role_restricted(
        allowed=("mash_practitioner",), denied=("social_worker", "partner_referrer")
    ),
    "front_door:contact_detail": object_scoped(
        kwargs=_contact_kwargs, outsider=("other_worker", "partner_referrer")
    ),
    "front_door:contact_pick_up": mash_work(method="post"),
    "front_door:contact_rag": mash_work(method="post"),
    "front_door:person_add": mash_work(),
    "front_door:contact_consent": mash_work(),
    "front_door:check_request": mash_work(),
    "front_door:check_respond": mash_work(kwargs=_check_kwargs),
    "front_door:contact_merge": mash_work(),
    "front_door:contact_decide": mash_work(),
    "front_door:contact_feedback": mash_work(),
    # Authorising and reopening are for MASH managers: a MASH practitioner gets 404 too.
    "front_door:decision_authorise": object_scoped(
        kwargs=_awaiting_authorisation,
        insider="mash_manager",
        outsider=(*NOT_MASH, "mash_practitioner"),
    ),
    "front_door:contact_assign": object_scoped(
        kwargs=_contact_kwargs,
        insider="mash_manager",
        outsider=(*NOT_MASH, "mash_practitioner"),
    ),
    "front_door:contact_reopen": object_scoped(
        kwargs=_decided_contact, insider="mash_manager", outsider=(*NOT_MASH, "mash_practitioner")
    ),
    # The partner portal: a referrer sees only what they referred.
    "front_door:portal_home": role_restricted(
        allowed=("partner_referrer",), denied=("social_worker",)
    ),
    "front_door:portal_submit": role_restricted(
        allowed=("partner_referrer",), denied=("social_worker",)
    ),
    "front_door:portal_detail": object_scoped(
        kwargs=_partner_referral,
        insider="partner_referrer",
        outsider=("second_partner", "social_worker", "mash_practitioner"),
    ),
    # early help
    "early_help:episodes": role_restricted(
        allowed=("social_worker", "early_help_practitioner"), denied=("partner_referrer",)
    ),
    "early_help:directory": signed_in(),
    "early_help:episode_detail": object_scoped(
        kwargs=_early_help_episode, outsider=("other_worker", "partner_referrer")
    ),
    "early_help:episode_step_up": object_scoped(
        kwargs=_early_help_episode, outsider=("other_worker", "partner_referrer")
    ),
    # assessments
    "assessments:team": role_restricted(allowed=("team_manager",), denied=("social_worker",)),
    "assessments:child": child_scoped(),
    "assessments:episode_open": child_scoped(),
    "assessments:episode_primary_need": child_scoped(kwargs=_episode_kwargs),
    # Closing an episode is for managers: the allocated worker gets 404 too.
    "assessments:episode_close": child_scoped(kwargs=_episode_kwargs, insider="team_manager"),
    "assessments:new": child_scoped(kwargs=_episode_kwargs),
    "assessments:detail": child_scoped(kwargs=_assessment_kwargs),
    "assessments:edit": child_scoped(kwargs=_assessment_kwargs),
    "assessments:autosave": child_scoped(kwargs=_assessment_kwargs, method="post"),
    "assessments:kept_dismiss": child_scoped(kwargs=_kept_text_kwargs, method="post"),
    # Authorising is for the worker's manager.
    "assessments:decide": child_scoped(kwargs=_assessment_kwargs, insider="team_manager"),
    # child protection
    "child_protection:reports": role_restricted(
        allowed=("team_manager", "senior_leader", "iro"),
        denied=("social_worker", "partner_referrer"),
    ),
    "child_protection:child": child_scoped(),
    "child_protection:strategy_new": child_scoped(),
    "child_protection:enquiry": child_scoped(kwargs=lambda p: {"pk": _enquiry(p).pk}),
    "child_protection:conference_new": child_scoped(
        query=lambda p: {"kind": "initial", "enquiry": _enquiry(p).pk}
    ),
    "child_protection:cp_plan": child_scoped(kwargs=_cp_plan),
    "child_protection:cin_plan_new": child_scoped(),
    "child_protection:cin_plan": child_scoped(kwargs=_cin_plan),
    "child_protection:plo_new": child_scoped(),
    "child_protection:plo": child_scoped(kwargs=_pre_proceedings),
    # returns: performance analysts and senior leaders only
    "returns:index": role_restricted(
        allowed=("senior_leader",), denied=("social_worker", "team_manager")
    ),
    "returns:generate": role_restricted(
        allowed=("senior_leader",), denied=("social_worker", "team_manager"), method="post"
    ),
    "returns:download": role_restricted(
        allowed=("senior_leader",),
        denied=("social_worker", "team_manager"),
        kwargs=_generated_return,
    ),
    "returns:data_quality": role_restricted(
        allowed=("senior_leader",), denied=("social_worker", "team_manager")
    ),
    "returns:annex_a": role_restricted(
        allowed=("senior_leader",), denied=("social_worker", "team_manager")
    ),
    # children in care
    "children_in_care:reviews_due": role_restricted(
        allowed=("team_manager", "iro", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:challenges": role_restricted(
        allowed=("team_manager", "iro", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:child": child_scoped(),
    "children_in_care:period_start": child_scoped(),
    "children_in_care:legal_status": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:placement": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:period_end": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:care_plan_new": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:review_new": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:permanence_new": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:challenge_new": child_scoped(kwargs=_care_period_kwargs, insider="iro"),
    "children_in_care:iro_contact_new": child_scoped(kwargs=_care_period_kwargs, insider="iro"),
    "children_in_care:placement_plan_new": child_scoped(kwargs=_care_episode_kwargs),
    "children_in_care:challenge": child_scoped(kwargs=_iro_challenge_kwargs, insider="iro"),
    "children_in_care:visit_bedroom": child_scoped(kwargs=_visit_kwargs),
    "children_in_care:health": child_scoped(),
    "children_in_care:health_record_new": child_scoped(kwargs=lambda p: {"kind": "sdq"}),
    "children_in_care:health_assessment_new": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:education": child_scoped(),
    "children_in_care:education_record_new": child_scoped(kwargs=lambda p: {"kind": "school"}),
    "children_in_care:pep_new": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:sibling_assessment_new": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:life_story_new": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:long_term_match_new": child_scoped(kwargs=_care_period_kwargs),
    "children_in_care:placement_match_new": child_scoped(kwargs=_care_episode_kwargs),
    "children_in_care:episode_correct": child_scoped(kwargs=_care_episode_kwargs),
    "children_in_care:review_correct": child_scoped(kwargs=_cla_review_kwargs),
    # adoption
    "adoption:children": role_restricted(
        allowed=("social_worker", "team_manager", "senior_leader"),
        denied=("partner_referrer", "iro"),
    ),
    "adoption:adopters": role_restricted(
        allowed=("social_worker", "team_manager", "senior_leader"),
        denied=("partner_referrer", "iro"),
    ),
    "adoption:adopter_new": role_restricted(
        allowed=("social_worker", "team_manager"), denied=("partner_referrer", "senior_leader")
    ),
    "adoption:adopter": object_scoped(kwargs=_adopter_family_kwargs),
    "adoption:adopter_stage": object_scoped(kwargs=_adopter_family_kwargs),
    "adoption:adopter_leave": object_scoped(kwargs=_adopter_family_kwargs),
    "adoption:adopter_restart": object_scoped(kwargs=_adopter_family_kwargs, method="post"),
    "adoption:child": child_scoped(),
    "adoption:decision_new": child_scoped(),
    "adoption:placement_order": child_scoped(kwargs=_adoption_journey_kwargs),
    "adoption:ffa": child_scoped(kwargs=_adoption_journey_kwargs),
    "adoption:match": child_scoped(kwargs=_adoption_journey_kwargs),
    "adoption:placed": child_scoped(kwargs=_adoption_journey_kwargs),
    "adoption:adoption_order": child_scoped(kwargs=_adoption_journey_kwargs),
    "adoption:reverse": child_scoped(kwargs=_adoption_journey_kwargs),
    "adoption:permanence_order": child_scoped(),
    "adoption:previous_permanence": child_scoped(),
    "adoption:later_life_letter": child_scoped(),
    # oversight
    "oversight:home": signed_in(),
    "oversight:overdue": role_restricted(
        allowed=("team_manager", "senior_leader"), denied=("social_worker",)
    ),
    "oversight:caseloads": role_restricted(
        allowed=("team_manager", "senior_leader"), denied=("social_worker",)
    ),
    "oversight:audits": signed_in(),
    "oversight:programme_new": role_restricted(
        allowed=("qa_officer", "senior_leader"), denied=("social_worker", "team_manager")
    ),
    "oversight:learning": role_restricted(
        allowed=("qa_officer", "team_manager"), denied=("social_worker",)
    ),
    "oversight:supervision_record": object_scoped(
        kwargs=lambda p: {"worker_id": p.social_worker.pk}, **SUPERVISION
    ),
    "oversight:agreement_edit": object_scoped(
        kwargs=lambda p: {"worker_id": p.social_worker.pk}, **SUPERVISION
    ),
    "oversight:session_new": object_scoped(
        kwargs=lambda p: {"worker_id": _supervision_agreement(p).worker_id}, **SUPERVISION
    ),
    "oversight:session_detail": object_scoped(
        kwargs=lambda p: {"session_id": _supervision_session(p).pk}, **SUPERVISION
    ),
    "oversight:supervision_action_complete": object_scoped(
        kwargs=lambda p: {"action_id": _supervision_session(p).actions.get().pk},
        method="post",
        **SUPERVISION,
    ),
    "oversight:team_supervision": object_scoped(
        kwargs=lambda p: {"team_id": p.team_a.pk},
        insider="team_manager",
        outsider=("social_worker", "other_worker"),
    ),
    "oversight:team_page": object_scoped(
        kwargs=lambda p: {"team_id": p.team_a.pk},
        insider="team_manager",
        outsider=("social_worker", "other_worker"),
    ),
    # A case audit: its auditor, moderator and practitioner, the team's managers, QA officers
    # and senior leaders; a worker in another team gets 404.
    "oversight:audit_detail": object_scoped(kwargs=_case_audit_kwargs),
    "oversight:child_oversight": child_scoped(),
    # Recording oversight is for managers of the child's team.
    "oversight:oversight_new": child_scoped(insider="team_manager"),
    "oversight:oversight_action_complete": child_scoped(
        kwargs=_oversight_action_kwargs, method="post", insider="team_manager"
    ),
    "oversight:improvement_plan": role_restricted(**PLAN_READERS),
    "oversight:improvement_area": role_restricted(kwargs=_improvement_area_kwargs, **PLAN_READERS),
    "oversight:improvement_area_new": role_restricted(**PLAN_OWNERS),
    "oversight:improvement_area_rate": role_restricted(
        kwargs=_improvement_area_kwargs, **PLAN_OWNERS
    ),
    "oversight:improvement_action_new": role_restricted(
        kwargs=_improvement_area_kwargs, **PLAN_OWNERS
    ),
    "oversight:improvement_action": role_restricted(
        kwargs=_improvement_action_kwargs, **PLAN_READERS
    ),
    "oversight:leadership": role_restricted(**PLAN_READERS),
    "oversight:leadership_new": role_restricted(**PLAN_OWNERS),
    "oversight:leadership_change": role_restricted(kwargs=_engagement_kwargs, **PLAN_OWNERS),
    "children_in_care:permanence": role_restricted(
        allowed=("team_manager", "iro", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:sufficiency": role_restricted(
        allowed=("team_manager", "iro", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:carers": role_restricted(
        allowed=("team_manager", "iro", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:carer_new": role_restricted(
        allowed=("team_manager", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:carer": role_restricted(
        allowed=("team_manager", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
        kwargs=_cic_provider_kwargs,
    ),
    "children_in_care:recruitment": role_restricted(
        allowed=("team_manager", "iro", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:enquiry_new": role_restricted(
        allowed=("team_manager", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:enquiry_progress": role_restricted(
        allowed=("team_manager", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
        kwargs=_cic_enquiry_kwargs,
    ),
    "children_in_care:council": role_restricted(
        allowed=("team_manager", "iro", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:council_meeting_new": role_restricted(
        allowed=("team_manager", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
    ),
    "children_in_care:council_issue_respond": role_restricted(
        allowed=("team_manager", "senior_leader"),
        denied=("social_worker", "partner_referrer"),
        kwargs=_cic_council_issue_kwargs,
    ),
    # missing and exploitation: lists are scoped to the children each user may see
    "missing_exploitation:missing_now": signed_in(),
    "missing_exploitation:late_interviews": signed_in(),
    "missing_exploitation:high_risk": signed_in(),
    "missing_exploitation:contexts": signed_in(),
    "missing_exploitation:context_new": signed_in(),
    "missing_exploitation:child": child_scoped(),
    "missing_exploitation:episode_new": child_scoped(),
    "missing_exploitation:episode_return": child_scoped(kwargs=_missing_episode_kwargs),
    "missing_exploitation:interview_offer": child_scoped(kwargs=_missing_episode_kwargs),
    "missing_exploitation:screening_new": child_scoped(),
    "missing_exploitation:safety_plan_new": child_scoped(),
    "missing_exploitation:nrm_new": child_scoped(),
    "missing_exploitation:link_new": child_scoped(),
    "missing_exploitation:interview_respond": child_scoped(kwargs=_interview_kwargs),
    "missing_exploitation:interview_complete": child_scoped(kwargs=_interview_kwargs),
    "missing_exploitation:safety_plan_review": child_scoped(kwargs=_safety_plan_kwargs),
    "missing_exploitation:education_register": signed_in(),
    "missing_exploitation:education_entry_new": child_scoped(),
    "missing_exploitation:education_entry_conclude": child_scoped(kwargs=_education_entry_kwargs),
    # Places, groups and associates: seen through a linked child the user may see, or by the
    # person who recorded them.
    "missing_exploitation:context": object_scoped(kwargs=_context_kwargs),
    "missing_exploitation:context_plan_new": object_scoped(kwargs=_context_kwargs),
    "missing_exploitation:context_plan_review": object_scoped(kwargs=_context_plan_kwargs),
    "missing_exploitation:context_meeting_new": object_scoped(kwargs=_context_kwargs),
    # Allegations against adults (LADO): anyone may record one; only its recorder and the
    # designated officer's roles see it. The list shows each user what they may see.
    "missing_exploitation:allegations": signed_in(),
    "missing_exploitation:allegation_new": signed_in(),
    "missing_exploitation:allegation": object_scoped(kwargs=_allegation_kwargs),
    "missing_exploitation:allegation_evaluate": object_scoped(kwargs=_allegation_kwargs),
    "missing_exploitation:allegation_meeting": object_scoped(kwargs=_allegation_kwargs),
    "missing_exploitation:allegation_action": object_scoped(kwargs=_allegation_kwargs),
    "missing_exploitation:allegation_conclude": object_scoped(kwargs=_allegation_kwargs),
    # people
    "people:search": signed_in(),
    "people:emergency_access": role_restricted(
        allowed=("social_worker", "team_manager"), denied=("partner_referrer", "iro")
    ),
    "people:emergency_access_open": role_restricted(
        method="post", allowed=("social_worker",), denied=("partner_referrer", "iro")
    ),
    "people:emergency_access_end": object_scoped(method="post", kwargs=_emergency_grant),
    "people:emergency_access_report": role_restricted(
        allowed=("senior_leader", "administrator", "team_manager"),
        denied=("social_worker", "partner_referrer", "iro"),
    ),
    # Partner referrers only see what they referred: they may not add people.
    "people:add_child": role_restricted(allowed=("social_worker",), denied=("partner_referrer",)),
    "people:person_detail": object_scoped(kwargs=lambda p: {"person_id": _relative(p).pk}),
    "people:edit": object_scoped(kwargs=lambda p: {"person_id": _relative(p).pk}),
    "people:addresses": object_scoped(kwargs=lambda p: {"person_id": _relative(p).pk}),
    "people:address_add": object_scoped(kwargs=lambda p: {"person_id": _relative(p).pk}),
    "people:address_end": object_scoped(kwargs=lambda p: _relative_address(p)),
    "people:family": child_scoped(),
    "people:family_add": child_scoped(),
    "people:family_new": child_scoped(),
    "people:family_link": child_scoped(kwargs=lambda p: {"person_id": _relative(p).pk}),
    "people:relationship_end": child_scoped(
        kwargs=lambda p: {"relationship_id": _relationship(p).pk}
    ),
    # casework
    "casework:my_work": signed_in(),
    "casework:team_work": role_restricted(allowed=("team_manager",), denied=("social_worker",)),
    "casework:child_detail": child_scoped(),
    "casework:chronology": child_scoped(),
    # Allocating is for managers of the child's team: the allocated worker gets 404 too.
    "casework:allocate": child_scoped(insider="team_manager"),
    "casework:case_note_new": child_scoped(),
    "casework:case_note_autosave": child_scoped(method="post"),
    "casework:case_note": child_scoped(kwargs=lambda p: {"note_id": _case_note(p).pk}),
    "casework:document_new": child_scoped(),
    "casework:document_download": child_scoped(kwargs=lambda p: {"document_id": _document(p).pk}),
    "care_leavers:service": signed_in(),
    "care_leavers:transition": signed_in(),
    "care_leavers:caseload": signed_in(),
    "care_leavers:young_person": child_scoped(),
    "care_leavers:adviser_new": child_scoped(),
    "care_leavers:needs_assessment_new": child_scoped(),
    "care_leavers:pathway_plan_new": child_scoped(),
    "care_leavers:contact_new": child_scoped(),
    "care_leavers:frequency_new": child_scoped(),
    "care_leavers:accommodation_new": child_scoped(),
    "care_leavers:activity_new": child_scoped(),
    "care_leavers:change_new": child_scoped(),
    "care_leavers:entitlement_new": child_scoped(),
    "care_leavers:support_request_new": child_scoped(),
    "care_leavers:health_history_new": child_scoped(),
    "care_leavers:service_end_new": child_scoped(),
    "care_leavers:detention_new": child_scoped(),
    "care_leavers:case_move": child_scoped(),
}

# Access checks that fail today, reported to the owners of the views (tests/test_url_access.py
# marks them as expected failures, strictly: once the view is fixed the test passes, the
# expected failure is reported, and the entry must be removed).
# {(test function, url name): what is wrong}
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def known_gap(request: pytest.FixtureRequest, route: Route) -> None:
    reason = KNOWN_GAPS.get((request.node.originalname, route.name))
    if reason:
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))


# --------------------------------------------------------------------------------------------
# Discovering the URL patterns


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    converters: dict[str, Any]
    callback: Callable[..., Any]

    @property
    def kwarg_names(self) -> set[str]:
        return set(self.converters)

    @property
    def is_about_a_child(self) -> bool:
        return "child_id" in self.converters


def _pattern_converters(pattern: Any) -> dict[str, Any]:
    found = dict(getattr(pattern, "converters", {}) or {})
    regex = getattr(pattern, "regex", None)
    if regex is not None:
        for name in regex.groupindex:
            found.setdefault(name, None)
    return found


def _walk(
    patterns: list[Any], namespace: str = "", prefix: str = "", convs: dict[str, Any] | None = None
) -> Iterator[Route]:
    convs = convs or {}
    for entry in patterns:
        here = {**convs, **_pattern_converters(entry.pattern)}
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns, route, here)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {route}>"
            yield Route(name=name, route=route, converters=here, callback=entry.callback)


def project_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


ROUTES = project_routes()
ROUTES_BY_NAME = {route.name: route for route in ROUTES}


def _routes(*kinds: str) -> list[Any]:
    chosen = [
        pytest.param(route, ACCESS[route.name], id=route.name)
        for route in ROUTES
        if route.name in ACCESS and ACCESS[route.name].kind in kinds
    ]
    return chosen


def _child_routes() -> list[Any]:
    return [
        pytest.param(route, ACCESS[route.name], id=route.name)
        for route in ROUTES
        if route.name in ACCESS
        and ACCESS[route.name].kind not in {"public", "api-token"}
        and (route.is_about_a_child or ACCESS[route.name].kind in {"child-scoped", "object-scoped"})
    ]


# --------------------------------------------------------------------------------------------
# Building requests


def _dummy(converter: Any) -> Any:
    if isinstance(converter, converters.IntConverter):
        return 987654
    if isinstance(converter, converters.UUIDConverter):
        return uuid.UUID(int=1)
    return "x"


QUERY = "?"


def dummy_kwargs(route: Route) -> dict[str, Any]:
    """Values that fit the pattern; good enough for requests that never reach the view."""
    return {name: _dummy(conv) for name, conv in route.converters.items()}


def real_kwargs(route: Route, access: Access, p: Personas) -> dict[str, Any]:
    """Arguments naming a real record: `allocated_child` for `child_id`, the rest from the
    classification's `kwargs` hook."""
    kwargs: dict[str, Any] = {}
    if route.is_about_a_child:
        kwargs["child_id"] = p.allocated_child.pk
    if access.kwargs is not None:
        kwargs.update(access.kwargs(p))
    if access.query is not None:
        kwargs[QUERY] = access.query(p)
    missing = route.kwarg_names - set(kwargs)
    assert not missing, (
        f"{route.name} ({route.route}) takes {sorted(missing)}: give its classification in "
        "tests/test_url_access.py a kwargs hook that makes a real record, e.g. "
        "kwargs=lambda p: {'note_id': CaseNoteFactory(child=p.allocated_child).pk}"
    )
    return kwargs


def call(client: Any, route: Route, access: Access, kwargs: dict[str, Any]) -> Any:
    url = reverse(route.name, kwargs={k: v for k, v in kwargs.items() if k != QUERY} or None)
    if kwargs.get(QUERY):
        url += "?" + urlencode(kwargs[QUERY])
    if access.method == "post":
        return client.post(url, access.data)
    return client.get(url)


def outsiders(access: Access) -> tuple[str, ...]:
    return (access.outsider,) if isinstance(access.outsider, str) else access.outsider


def login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def assert_sent_to_sign_in(response: Any, route: Route) -> None:
    assert response.status_code == 302, (
        f"{route.name}: an anonymous user got {response.status_code}, not a redirect to sign in"
    )
    assert response.url.startswith(login_url() + "?next="), (
        f"{route.name}: an anonymous user was sent to {response.url}, not to sign in"
    )


def assert_let_in(response: Any, route: Route, who: str, access: Access) -> None:
    assert response.status_code < 500
    assert response.status_code not in (403, 404, 405), (
        f"{route.name}: {who} got {response.status_code}; they should be let in"
    )
    if response.status_code == 302 and not access.ends_on_sign_in:
        assert not response.url.startswith(login_url()), f"{route.name}: {who} sent to sign in"


# --------------------------------------------------------------------------------------------
# The tests


def test_every_url_pattern_is_classified_for_its_access_test():
    unnamed = [route.route for route in ROUTES if "<unnamed " in route.name]
    assert not unnamed, f"Give these URL patterns a name: {unnamed}"
    names = [route.name for route in ROUTES]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates, f"Two URL patterns share each of these names: {duplicates}"
    unclassified = [f"  {r.name}  ({r.route})" for r in ROUTES if r.name not in ACCESS]
    assert not unclassified, (
        "These URL patterns have no access test:\n"
        + "\n".join(unclassified)
        + "\nClassify each in ACCESS in tests/test_url_access.py as public(), signed_in(), "
        "child_scoped(), role_restricted(allowed=...) or object_scoped(kwargs=...); "
        "the module docstring says what each one checks."
    )


def test_no_classification_names_a_pattern_that_no_longer_exists():
    stale = sorted(set(ACCESS) - set(ROUTES_BY_NAME))
    assert not stale, f"Remove these from ACCESS in tests/test_url_access.py: {stale}"


def test_every_pattern_about_a_child_is_checked_against_an_outsider():
    about_children = {route.name for route in ROUTES if route.is_about_a_child}
    public_ones = {n for n in about_children if n in ACCESS and ACCESS[n].kind == "public"}
    assert not public_ones, f"A child's page cannot be public: {sorted(public_ones)}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "access"), _routes("signed-in", "child-scoped", "role-restricted", "object-scoped")
)
def test_anonymous_users_are_sent_to_sign_in(client, request, route, access):
    known_gap(request, route)
    assert_sent_to_sign_in(
        client.get(reverse(route.name, kwargs=dummy_kwargs(route) or None)), route
    )
    if access.method == "post" and not getattr(route.callback, "handles_expired_session", False):
        response = client.post(reverse(route.name, kwargs=dummy_kwargs(route) or None))
        assert_sent_to_sign_in(response, route)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("public"))
def test_public_pages_open_without_signing_in(client, request, route, access):
    known_gap(request, route)
    response = call(client, route, access, dummy_kwargs(route))
    assert response.status_code == 200, f"{route.name} answered {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("signed-in"))
def test_signed_in_users_reach_the_pages_for_everyone(client, request, route, access):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    client.force_login(p.social_worker)
    assert_let_in(call(client, route, access, kwargs), route, "a social worker", access)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _child_routes())
def test_outsiders_get_not_found_for_a_childs_records(client, request, route, access):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    for name in outsiders(access):
        client.force_login(getattr(p, name))
        response = call(client, route, access, kwargs)
        assert response.status_code == 404, (
            f"{route.name} ({route.route}): {name}, who has no reason to see the record, "
            f"got {response.status_code} instead of 404"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("child-scoped", "object-scoped"))
def test_an_outsiders_attempt_to_open_a_childs_record_is_audited(client, request, route, access):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    for name in outsiders(access):
        outsider = getattr(p, name)
        client.force_login(outsider)
        call(client, route, access, kwargs)
        assert AuditEntry.objects.filter(actor=outsider, action=AuditAction.DENIED).exists(), (
            f"{route.name}: the refused attempt by {name} was not audited "
            "(use hearth.people.access.child_for, which audits it)"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("child-scoped", "object-scoped"))
def test_people_with_a_reason_to_see_the_child_get_in(client, request, route, access):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    client.force_login(getattr(p, access.insider))
    assert_let_in(call(client, route, access, kwargs), route, access.insider, access)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("role-restricted"))
def test_roles_without_permission_are_refused(client, request, route, access):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    for persona in access.denied:
        client.force_login(getattr(p, persona))
        response = call(client, route, access, kwargs)
        assert response.status_code in (403, 404), (
            f"{route.name}: {persona} got {response.status_code}; it should be refused"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("role-restricted"))
def test_roles_with_permission_get_in(client, request, route, access):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    for persona in access.allowed:
        client.force_login(getattr(p, persona))
        assert_let_in(call(client, route, access, kwargs), route, persona, access)


# --------------------------------------------------------------------------------------------
# The young people's portal


def _verified(client: Any, user: Any) -> None:
    client.force_login(user)
    session = client.session
    session["portal_verified"] = True  # they entered their one-time code
    session.save()


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("young-person"))
def test_young_peoples_pages_send_anonymous_visitors_to_the_portal_sign_in(
    client, request, route, access
):
    known_gap(request, route)
    response = client.get(reverse(route.name, kwargs=dummy_kwargs(route) or None))
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:sign_in")), response.url


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("young-person"))
def test_staff_get_not_found_on_young_peoples_pages(client, request, route, access):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    client.force_login(p.social_worker)
    assert call(client, route, access, kwargs).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("young-person"))
def test_young_people_reach_their_own_pages(client, request, route, access):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    _verified(client, p.young_person)
    response = call(client, route, access, kwargs)
    assert response.status_code < 500
    assert response.status_code not in (403, 404, 405), f"{route.name}: {response.status_code}"


# --------------------------------------------------------------------------------------------
# The JSON API (bearer tokens)


def _bearer(user: Any) -> dict[str, str]:
    from hearth.api.services import token_create

    secret = token_create(user=None, owner=user, name="Access test").secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("not-found"))
def test_catch_alls_answer_not_found_to_everyone(client, request, route, access):
    url = reverse(route.name)
    assert client.get(url).status_code == 404
    client.force_login(request.getfixturevalue("social_worker"))
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("api-token"))
def test_api_requests_without_a_token_are_refused(client, request, route, access):
    known_gap(request, route)
    response = client.get(reverse(route.name, kwargs=dummy_kwargs(route) or None))
    assert response.status_code == 401, f"{route.name}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "access"), _routes("api-token"))
def test_api_tokens_of_people_with_a_reason_get_in(client, request, route, access):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    response = client.get(
        reverse(route.name, kwargs=kwargs or None), **_bearer(getattr(p, access.insider))
    )
    assert response.status_code == 200, f"{route.name}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "access"),
    [r for r in _routes("api-token") if r.values[0].kwarg_names],
)
def test_api_tokens_of_outsiders_get_not_found_and_the_attempt_is_audited(
    client, request, route, access
):
    known_gap(request, route)
    p = Personas(request)
    kwargs = real_kwargs(route, access, p)
    outsider = getattr(p, access.outsider)
    response = client.get(reverse(route.name, kwargs=kwargs), **_bearer(outsider))
    assert response.status_code == 404, f"{route.name}: {response.status_code}"
    assert AuditEntry.objects.filter(actor=outsider, action=AuditAction.DENIED).exists()
