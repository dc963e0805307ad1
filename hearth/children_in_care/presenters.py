"""Display formatting for children in care pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from hearth.children_in_care import rules
from hearth.children_in_care.models import IROChallenge, PeriodOfCare
from hearth.core.presenters import format_date
from hearth.reference import lookups
from hearth.timescales.calendar import working_days_between


def code(list_name: str, value: str, on: date | None = None) -> str:
    """'U6: Foster placement with other foster carer(s) ...', or 'Not recorded'."""
    if not value:
        return "Not recorded"
    text = lookups.description(list_name, value, on=on)
    return f"{value}: {text}" if text else value


def distance(value: Any) -> str:
    return "Not derived" if value is None else f"{value} miles"


def days_open(challenge: IROChallenge, today: date) -> int:
    end = challenge.resolved_on or today
    return (end - challenge.raised_on).days


def current_step(challenge: IROChallenge) -> Any:
    steps = list(challenge.steps.all())
    return steps[-1] if steps else None


def response_overdue(challenge: IROChallenge, today: date) -> bool:
    step = current_step(challenge)
    return (
        challenge.resolved_on is None
        and step is not None
        and not step.outcome
        and today > step.respond_by
    )


@dataclass
class PeriodView:
    """A period of care as the child's care page shows it (everything prefetched)."""

    period: PeriodOfCare
    child: Any
    today: date

    @property
    def episodes(self) -> list[Any]:
        return list(self.period.episodes.all())

    @property
    def current(self) -> Any:
        episodes = self.episodes
        return episodes[-1] if episodes and episodes[-1].dec is None else None

    @property
    def reviews(self) -> list[Any]:
        return list(self.period.reviews.all())

    @property
    def permanence(self) -> Any:
        plans = sorted(self.period.permanence_plans.all(), key=lambda p: (p.agreed_on, p.pk))
        return plans[-1] if plans else None

    @property
    def care_plans(self) -> list[Any]:
        return list(self.period.care_plans.all())

    @property
    def placement_plans(self) -> list[Any]:
        return [plan for e in self.episodes for plan in e.placement_plans.all()]

    @property
    def challenges(self) -> list[Any]:
        return list(self.period.challenges.all())

    @property
    def iro_contacts(self) -> list[Any]:
        return list(self.period.iro_contacts.all())

    @property
    def next_review(self) -> str:
        if not self.period.is_open:
            return ""
        rule_id, start, event = rules.review_due(
            self.period.start_date, [r.held_on for r in self.reviews]
        )
        from hearth.timescales.catalogue import rule

        due = rule(rule_id).due_from(start)
        late = " (overdue)" if due < self.today else ""
        return f"{format_date(due)}{late}: {rule(rule_id).title.lower()}, {rule(rule_id).current_offset()} after {event}"  # noqa: E501

    @property
    def flags(self) -> list[str]:
        found = []
        if self.period.assessment_out_of_date:
            found.append("Decision made without an up-to-date assessment")
        reviews = self.reviews
        if len(reviews) >= 2 and self.permanence is None:
            found.append("No permanence plan by the second review")
        if (
            self.period.is_open
            and not self.care_plans
            and working_days_between(self.period.start_date, self.today) > 10
        ):
            found.append("No care plan")
        return found

    def late_review(self, index: int) -> bool:
        reviews = self.reviews
        held = [r.held_on for r in reviews[:index]]
        rule_id, start, _ = rules.review_due(self.period.start_date, held)
        from hearth.timescales.catalogue import rule

        return reviews[index].held_on > rule(rule_id).due_from(start)


def placement_area(ons_code: str) -> str:
    """'E07000106' -> 'Canterbury (DfE 886)'; the ONS code when it is not in the table."""
    from hearth.children_in_care import la_codes

    if not ons_code:
        return ""
    found_name, code = la_codes.name(ons_code), la_codes.dfe_code(ons_code)
    if found_name:
        return f"{found_name} (DfE {code})"
    return f"{ons_code} ({code})" if code else ons_code


def _restricted_child() -> str:
    """The masked row's wording, from the shared partial (casework/_restricted.html)."""
    from django.template import engines

    env = engines["jinja2"].env  # type: ignore[attr-defined]
    return str(env.get_template("casework/_restricted.html").module.restricted_child())


def tracker_rows_html(rows: Sequence[Any]) -> Markup:
    """The permanence tracker's table rows as one escaped HTML string. With 1,500 children a
    template expression per cell costs more than the whole selector; building each row once
    here keeps the page under 300 ms (bench/permanence_tracker.py)."""
    cell = '<td class="govuk-table__cell">'
    numeric = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    out = []
    for r in rows:
        plan = escape(r.plan)
        if r.contingency:
            plan += f" ({escape(r.contingency.lower())})"
        if r.plan_agreed:
            plan += f", agreed {r.plan_agreed}"
        milestones = f"{r.reviews_held} reviews"
        if r.placement_order:
            milestones += f"; placement order {r.placement_order}"
        if r.permanent_placement:
            milestones += f"; permanent placement {r.permanent_placement}"
        flags = (
            " ".join(f'<strong class="govuk-tag govuk-tag--red">{f}</strong>' for f in r.flags)
            or "None"
        )
        child = (
            _restricted_child()
            if r.masked
            else f'<a class="govuk-link" href="{r.child_url}">{escape(r.child_name)}</a>'
        )
        out.append(
            f'<tr class="govuk-table__row">{cell}{child}</td>{cell}{r.started}</td>'
            f"{numeric}{r.days_in_care}</td>{cell}{escape(r.legal_status)}, "
            f"{escape(r.place)}</td>{cell}{plan}</td>{cell}{milestones}</td>{cell}{flags}</td>"
            "</tr>"
        )
    return Markup("".join(out))  # noqa: S704 (every value above is escaped or fixed text)
