"""Child protection conferences the child took part in."""

from __future__ import annotations

from hearth.child_protection.models import ChildParticipation, Conference, ConferenceKind
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope

# Attending, or giving views through an advocate, in writing or through the social worker.
TOOK_PART = frozenset(
    {
        ChildParticipation.ATTENDED,
        ChildParticipation.ADVOCATE,
        ChildParticipation.WRITTEN,
        ChildParticipation.WORKER,
    }
)


def rows(period: Period, children: ChildIds) -> list[Row]:
    held = (
        in_scope(
            Conference.objects.filter(held_on__gte=period.start, held_on__lte=period.end),
            children,
        )
        .exclude(child_participation=ChildParticipation.TOO_YOUNG)
        .order_by("held_on", "id")
        .values_list("id", "child_id", "held_on", "kind", "child_participation")
    )
    labels = dict(ChildParticipation.choices)
    kinds = dict(ConferenceKind.choices)
    return [
        Row(
            key=f"cp_conference:{pk}",
            child_id=child_id,
            on=held_on,
            detail=f"{kinds.get(kind, kind)}: {labels.get(code, 'participation not recorded')}",
            in_numerator=code in TOOK_PART,
        )
        for pk, child_id, held_on, kind, code in held
    ]


INDICATOR = Indicator(
    id="cp_conference_child_participation",
    title="Child protection conferences the child took part in",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Child protection conferences (initial, transfer-in and review) held in the period, "
        "leaving out those where the child was too young or unable to give views, at which the "
        "child "
        "attended or gave their views through an advocate, in writing, drawing or recording, "
        "or through their social worker. A child who chose not to take part counts against."
    ),
    source="Local (2019 inspection, area for improvement 4); Working Together 2023",
    numerator="Conferences the child took part in",
    denominator="Conferences held, children able to give views",
    direction=Direction.HIGHER,
    default_target=80.0,
    default_tolerance=10.0,
    rows=rows,
)
