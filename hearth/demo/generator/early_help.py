"""Early help: the directory of services (with no service for 17 and 18 year olds who are not
disabled, so the step-down check has a gap to warn about) and episodes: one led by the early
help team's worker for most children the team holds, one with a directory service for each
front door step-down, and ended episodes stepped up for the children whose referral came from
early help. Rows as `hearth.early_help.services` writes them, with their chronology lines."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from hearth.casework.models import ChronologyEntry
from hearth.demo.generator.bulk import Table, reset_sequences
from hearth.early_help.models import EarlyHelpEpisode, EarlyHelpService, EndReason

if TYPE_CHECKING:
    from hearth.demo.generator.pathways import Borough

# name, organisation, min age, max age, max age if disabled, capacity
DIRECTORY = [
    ("Hearthside Family Hub", "Hearthside Council", 0, 16, 25, 120),
    ("Under Fives Family Support", "Hearthside Children's Centres", 0, 5, 5, 60),
    ("Parenting Matters", "Hearthside Council", 0, 12, 19, 40),
    ("School Attendance Support", "Hearthside Education Service", 5, 16, 19, 50),
    ("Young Carers Project", "Hearthside Carers Trust", 8, 16, 19, 25),
    ("Healthy Relationships", "Safe Homes Hearthside", 5, 16, 19, 30),
    ("Youth Hub", "Hearthside Youth Service", 11, 16, 25, 45),
    ("SEND Family Link", "Hearthside SEND Service", 0, 16, 25, 35),
]
REASONS = [
    "Parents asked for help with routines and boundaries.",
    "School attendance falling; family under financial pressure.",
    "Mother isolated since the birth of the baby; health visitor worried about her mood.",
    "Housing stress and arguments at home affecting the children's sleep and school.",
]
CATEGORY = "early_help"


def directory() -> list[EarlyHelpService]:
    """The directory, kept if it is already there (it is reference data, not per child)."""
    existing = {s.name: s for s in EarlyHelpService.objects.all()}
    services = []
    for name, organisation, low, high, disabled, capacity in DIRECTORY:
        service = existing.get(name) or EarlyHelpService.objects.create(
            name=name,
            organisation=organisation,
            description=f"{name}: support for families in Hearthside.",
            min_age=low,
            max_age=high,
            max_age_disabled=disabled,
            areas="All wards",
            capacity=capacity,
        )
        services.append(service)
    return services


def generate(borough: Borough) -> None:
    ctx, wf = borough.ctx, borough.wf
    rng = ctx.rng
    today = ctx.today
    services = directory()
    episodes = Table(EarlyHelpEpisode)
    chronology = Table(ChronologyEntry)
    open_ids: set[int] = set(
        EarlyHelpEpisode.objects.filter(end_date=None).values_list("child_id", flat=True)
    )
    lead_user = wf.managers["early_help"]

    def write(child_id: int, start, *, end=None, reason=EndReason.NEEDS_MET, **values) -> int:
        service = values.pop("service", None) or rng.choice(services)
        created = ctx.at(start)
        pk = episodes.add(
            child_id=child_id,
            start_date=start,
            end_date=end,
            end_reason=reason if end else "",
            reason=rng.choice(REASONS),
            service_id=service.pk,
            lead_organisation=service.organisation,
            assessment_started_on=start + timedelta(days=rng.randint(3, 10)),
            created_by_id=values.pop("created_by", lead_user).pk,
            created_at=created,
            updated_at=ctx.at(end) if end else created,
            **values,
        )
        how = " (step-down from the front door)" if values.get("stepped_down_from_id") else ""
        chronology.add(
            child_id=child_id,
            occurred_on=start,
            category=CATEGORY,
            summary=f"Early help started with {service.name}{how}",
            source_type="early_help.earlyhelpepisode",
            source_id=str(pk),
            recorded_at=created,
            recorded_by_id=lead_user.pk,
        )
        if end is not None:
            chronology.add(
                child_id=child_id,
                occurred_on=end,
                category=CATEGORY,
                summary=f"Early help ended: {EndReason(reason).label.lower()}",
                source_type="early_help.earlyhelpepisode",
                source_id=str(pk),
                recorded_at=ctx.at(end),
                recorded_by_id=lead_user.pk,
            )
        if end is None:
            open_ids.add(child_id)
        return pk

    # Children the early help team holds: most have an open episode led by their worker.
    for household in borough.households:
        if household.plan.team_key != "early_help" or not household.segments:
            continue
        segment = household.segments[-1]
        for child in household.children:
            if child.id in open_ids or child.date_of_birth is None or not ctx.chance(0.55):
                continue
            start = max(segment.start, child.date_of_birth)
            worker = segment.worker
            write(
                child.id,
                start,
                lead_practitioner_id=worker.pk if worker else None,
                lead_practitioner_name=worker.get_full_name() if worker else "",
                service=services[0],
                created_by=worker or lead_user,
            )
    # Step-downs from the front door to a directory service; older ones have ended.
    for child_id, contact_id, on in borough.step_downs:
        if child_id in open_ids:
            continue
        end = None
        if (today - on).days > 60 and ctx.chance(0.95):
            end = min(on + timedelta(days=rng.randint(45, 200)), today)
        write(
            child_id,
            on,
            end=end,
            reason=rng.choice([EndReason.NEEDS_MET, EndReason.NEEDS_MET, EndReason.DECLINED]),
            stepped_down_from_id=contact_id,
        )
    # Step-ups: early help ended when the front door took the referral.
    for child_id, contact_id, on in borough.step_ups:
        start = on - timedelta(days=rng.randint(60, 240))
        write(child_id, start, end=on, reason=EndReason.STEP_UP, stepped_up_to_id=contact_id)
    episodes.flush()
    chronology.flush()
    reset_sequences([episodes, chronology])
    ctx.counts.add("early_help_services", len(services))
    ctx.counts.add("early_help_episodes", episodes.written)
    ctx.counts.add("chronology_entries", chronology.written)
