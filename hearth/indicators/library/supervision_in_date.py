"""Workers with a supervision agreement whose supervision is not overdue."""

from __future__ import annotations

from django.db.models import Max

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._workforce import name, worker_ids
from hearth.oversight.models import SupervisionAgreement, SupervisionSession
from hearth.oversight.rules import supervision_due


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    agreements = SupervisionAgreement.objects.filter(
        start_date__lte=as_of, worker__is_active=True
    ).select_related("worker")
    workers = worker_ids(as_of, children)
    if workers is not None:
        agreements = agreements.filter(worker_id__in=workers)
    agreements_list = list(agreements.order_by("worker__last_name", "worker_id"))
    last_held = dict(
        SupervisionSession.objects.held()
        .filter(worker_id__in=[a.worker_id for a in agreements_list], held_on__lte=as_of)
        .values("worker_id")
        .annotate(last=Max("held_on"))
        .values_list("worker_id", "last")
    )
    result = []
    for agreement in agreements_list:
        last = last_held.get(agreement.worker_id)
        due = supervision_due(agreement, last, as_of)
        worker = agreement.worker
        result.append(
            Row(
                key=f"supervision:{agreement.pk}",
                child_id=None,
                on=last or agreement.start_date,
                detail=(f"Last supervised {last:%d/%m/%Y}" if last else "Not yet supervised")
                + f", next due {due.due:%d/%m/%Y}",
                in_numerator=not due.is_overdue(as_of),
                label=name(worker.first_name, worker.last_name, worker.username),
            )
        )
    return result


INDICATOR = Indicator(
    id="supervision_in_date",
    title="Staff whose supervision is in date",
    area=Area.OVERSIGHT,
    definition=(
        "Workers with a supervision agreement at the end of the period (for a team or worker, "
        "those holding its children then) whose next supervision is not overdue, at the "
        "frequency their agreement or role sets (the oversight app's own rule)."
    ),
    source="Local supervision policy (settings SUPERVISION_*); the 2019 inspection",
    numerator="Workers whose supervision is in date",
    denominator="Workers with a supervision agreement",
    direction=Direction.HIGHER,
    default_target=90.0,
    default_tolerance=10.0,
    rows=rows,
    snapshot=True,
)
