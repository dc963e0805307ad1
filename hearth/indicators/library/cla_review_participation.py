"""Looked after reviews held in the period in which the child participated."""

from __future__ import annotations

from hearth.children_in_care.models import Review
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope

# SSDA903 REVIEW_CODE: PN1 to PN6 are the ways a child aged 4 or over takes part (attending or
# conveying their views); PN7 is not taking part; PN0 is a child under 4, left out entirely.
UNDER_FOUR = "PN0"
PARTICIPATED = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"})


def rows(period: Period, children: ChildIds) -> list[Row]:
    in_period = Review.objects.filter(held_on__gte=period.start, held_on__lte=period.end)
    held = (
        in_scope(in_period, children)
        .exclude(participation=UNDER_FOUR)
        .order_by("held_on", "id")
        .values_list("id", "child_id", "held_on", "participation")
    )
    return [
        Row(
            key=f"cla_review:{pk}",
            child_id=child_id,
            on=held_on,
            detail=f"Participation {code or 'not recorded'}",
            in_numerator=code in PARTICIPATED,
        )
        for pk, child_id, held_on, code in held
    ]


INDICATOR = Indicator(
    id="cla_review_participation",
    title="Looked after reviews the child took part in",
    area=Area.CHILDREN_IN_CARE,
    definition=(
        "Looked after reviews held in the period, for children aged 4 or over at the review, "
        "in which the child participated: attended (PN1 to PN4) or conveyed their views "
        "without attending, through an advocate, the IRO or another medium (PN5, PN6). A "
        "review coded PN7 (did not attend, views not conveyed) or with no code counts against; "
        "reviews of children under 4 (PN0) are left out."
    ),
    source="SSDA903 guide, Reviews table, REVIEW_CODE (PN0 to PN7; rules 440 and 441)",
    numerator="Reviews coded PN1 to PN6",
    denominator="Reviews held in the period, children aged 4 or over (not PN0)",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
)
