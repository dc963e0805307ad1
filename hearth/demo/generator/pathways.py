"""The pathway generators, run in order after the families, staff, allocations and case notes
are written. This list is the extension point: a new pathway is a function taking the
`Borough` and one line in `PATHWAYS`.

Order matters: the apps' own service-driven demos pick children who have no CIN episode yet,
so they run first; the bulk CIN episodes then cover every other child open to assessment,
safeguarding or children in care; the front door writes the contacts and referrals that
opened those episodes; early help uses the front door's step-downs and step-ups."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from hearth.demo.generator import cin, early_help, front_door
from hearth.demo.generator.context import Context
from hearth.demo.generator.families import Household
from hearth.demo.generator.workforce import Workforce


@dataclass
class Referred:
    """A CIN episode the front door must have referred: written by `cin`, read by
    `front_door` (which writes the contact, decision and referral pointing at it)."""

    household: Household
    child_id: int
    episode_id: int
    referral_date: date
    source: str
    is_re_referral: bool = False


@dataclass
class Borough:
    """What the pathway generators share: the seeded context, the workforce, every family as
    written, and what earlier pathways left for later ones."""

    ctx: Context
    wf: Workforce
    households: list[Household]
    children_count: int
    seed: int
    referred: list[Referred] = field(default_factory=list)
    # (child id, contact id, date): front door step-downs to early help and step-ups from it.
    step_downs: list[tuple[int, int, date]] = field(default_factory=list)
    step_ups: list[tuple[int, int, date]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    say: Callable[[str], Any] = print

    @property
    def today(self) -> date:
        return self.ctx.today

    @property
    def scale(self) -> float:
        return self.children_count / 3000


Pathway = Callable[[Borough], None]


def _limit(per_3000: int) -> Callable[[Borough], int]:
    """Children for a service-driven demo: `per_3000` in the default borough, fewer in a
    small one (tests), never more in a large one (the services take ~0.3 s per child)."""
    return lambda borough: max(2, min(per_3000, round(per_3000 * borough.scale)))


def _app_demo(module: str, function: str, limit: Callable[[Borough], int]) -> Pathway:
    """A pathway app's own `demo.py` function (written through its services, so slow per
    child: the limit keeps the default build fast). Skipped when the app has none yet."""

    def run(borough: Borough) -> None:
        try:
            demo = getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError):
            return
        try:
            with transaction.atomic():  # a savepoint: a failing app demo leaves the rest
                made = demo(today=borough.today, seed=borough.seed, limit=limit(borough))
        except Exception as error:  # noqa: BLE001 - another app's demo; say so and carry on
            borough.say(f"  {module}.{function} failed and was skipped: {error!r}")
            borough.failures.append(f"{module}.{function}: {error!r}")
            return
        borough.ctx.counts.add(f"{function}_children", sum(made.values()) if made else 0)

    run.__name__, run.__module__ = function, module
    return run


PATHWAYS: list[Pathway] = [
    _app_demo("hearth.assessments.demo", "assessments_demo", _limit(17)),
    _app_demo("hearth.child_protection.demo", "child_protection_demo", _limit(27)),
    cin.generate,
    front_door.generate,
    early_help.generate,
    _app_demo("hearth.children_in_care.demo", "children_in_care_demo", _limit(14)),
    _app_demo("hearth.adoption.demo", "adoption_demo", lambda b: max(7, _limit(14)(b))),
    _app_demo("hearth.care_leavers.demo", "care_leavers_demo", _limit(40)),
    _app_demo("hearth.children_in_care.demo", "annual_sdqs_demo", _limit(0)),
    _app_demo("hearth.adoption.demo", "previous_permanence_demo", _limit(0)),
    _app_demo("hearth.missing_exploitation.demo", "missing_exploitation_demo", _limit(16)),
    _app_demo("hearth.oversight.demo", "oversight_demo", _limit(15)),
    _app_demo("hearth.people.demo", "emergency_access_demo", _limit(3)),
    _app_demo("hearth.privacy.demo", "retention_demo", _limit(3)),
    _app_demo("hearth.portal.demo", "portal_demo", lambda b: max(6, _limit(12)(b))),
]


def run(borough: Borough) -> None:
    for pathway in PATHWAYS:
        started = time.perf_counter()
        pathway(borough)
        name = f"{pathway.__module__}.{pathway.__name__}"
        borough.say(f"  {name}: {time.perf_counter() - started:.1f} s")
