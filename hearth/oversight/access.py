"""Who may see what in oversight: single-record access helpers that answer "not found"."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from hearth.accounts.models import Team, User
from hearth.core.audit import Auditor
from hearth.oversight.models import (
    CaseAudit,
    ImprovementAction,
    ImprovementArea,
    LeadershipEngagement,
    SupervisionAction,
)


def _people_visible_q(user: User) -> Q:
    if user.role == "senior_leader":
        return Q()
    q = Q(pk=user.pk) | Q(supervision__supervisor=user.pk)
    if user.is_manager:
        q |= Q(team__in=user.managed_team_ids())
    return q


def supervision_worker_for(user: User, worker_id: int) -> User:
    """The worker whose supervision record `user` may see: themselves, a supervisee, a member
    of a team they manage (or anyone, for a senior leader). 404 and an audited refusal
    otherwise."""
    worker = (
        User.objects.filter(pk=worker_id)
        .filter(_people_visible_q(user))
        .select_related("team")
        .first()
    )
    if worker is None:
        Auditor(user=user).denied(object_type="accounts.user", object_id=worker_id)
        raise Http404("No supervision record found")
    return worker


def team_for(user: User, team_id: int) -> Team:
    """A team the user manages (directly or by service), or any team for a senior leader."""
    teams = Team.objects.select_related("service", "manager")
    if user.role != "senior_leader":
        teams = teams.filter(Q(manager=user) | Q(service__manager=user))
    team = teams.filter(pk=team_id).first()
    if team is None:
        Auditor(user=user).denied(object_type="accounts.team", object_id=team_id)
        raise Http404("No team found")
    return team


def audit_for(user: User, audit_id: int) -> CaseAudit:
    audit = (
        CaseAudit.objects.visible_to(user)
        .select_related("child", "auditor", "moderator", "practitioner", "team", "template")
        .filter(pk=audit_id)
        .first()
    )
    if audit is None:
        Auditor(user=user).denied(object_type="oversight.caseaudit", object_id=audit_id)
        raise Http404("No audit found")
    return audit


def can_run_audits(user: User) -> bool:
    return user.role in {"qa_officer", "senior_leader", "service_manager"}


def supervision_action_for(user: User, action_id: int) -> SupervisionAction:
    """An action the user may complete (its owner, or the worker's supervisor or manager);
    anyone else gets "not found" and the attempt is audited."""
    action = (
        SupervisionAction.objects.visible_to(user)
        .select_related("session__worker")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        Auditor(user=user).denied(object_type="oversight.supervisionaction", object_id=action_id)
        raise Http404("No action found")
    return action


# --- Improvement plan and leadership engagement --------------------------------------------


def can_read_plan(user: User) -> bool:
    """The improvement plan and staff feedback are for staff, not for partner agencies."""
    return user.role != "partner_referrer"


def improvement_area_for(user: User, area_id: int) -> ImprovementArea:
    area = (
        ImprovementArea.objects.select_related("lead").filter(pk=area_id).first()
        if can_read_plan(user)
        else None
    )
    if area is None:
        Auditor(user=user).denied(object_type="oversight.improvementarea", object_id=area_id)
        raise Http404("No improvement area")
    return area


def improvement_action_for(user: User, action_id: int) -> ImprovementAction:
    action = (
        ImprovementAction.objects.select_related("area", "owner").filter(pk=action_id).first()
        if can_read_plan(user)
        else None
    )
    if action is None:
        Auditor(user=user).denied(object_type="oversight.improvementaction", object_id=action_id)
        raise Http404("No improvement action")
    return action


def engagement_for_change(user: User, engagement_id: int) -> LeadershipEngagement:
    """An engagement whose outcome the user may record: their own, or any for a plan owner."""
    engagements = LeadershipEngagement.objects.select_related("leader", "team")
    if user.role not in {"senior_leader", "service_manager"}:
        engagements = engagements.none()
    elif user.role != "senior_leader":
        engagements = engagements.filter(leader=user)
    engagement = engagements.filter(pk=engagement_id).first()
    if engagement is None:
        Auditor(user=user).denied(
            object_type="oversight.leadershipengagement", object_id=engagement_id
        )
        raise Http404("No engagement found")
    return engagement
