"""The leaving care rules as pure functions (no database): eligibility from the care history,
the end of entitlement, contact gaps, pathway plan review dates and the SSDA903 OC3 items.

Sources (DOMAIN.md 1.11 and 3.3.11; docs/domain/care-leavers.md records what was checked):
- Eligible: aged 16 or 17, still looked after, looked after for 13 weeks or more in total
  since the 14th birthday, ending after the 16th (CPR 2010 reg 40). Pre-planned short breaks
  (legal status V3, V4) do not count.
- Relevant: aged 16 or 17, no longer looked after, eligible when they left care. They stop
  being relevant once they have lived at home with a parent for 6 months. Also relevant: a
  young person detained (custody) or in hospital on their 16th birthday who, immediately
  before, had been looked after for 13 weeks since their 14th birthday (Care Leavers
  (England) Regulations 2010 reg 3; `CareHistory.detained_at_16`).
- Former relevant: aged 18 to 20 who were eligible or relevant just before 18; to 25 when
  they ask for personal adviser support (Children and Social Work Act 2017 s3) or are still
  in education or training.
- Qualifying: aged 16 to 20 (to 24 in education) who were looked after (or left care on a
  special guardianship order) after their 16th birthday and are none of the above.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings

from hearth.core.presenters import format_date
from hearth.timescales.rules import add_months

SHORT_BREAK_STATUSES = frozenset({"V3", "V4"})
RETURNED_HOME_RECS = frozenset({"E4A", "E4B"})
SGO_RECS = frozenset({"E43", "E44", "E45", "E46", "E47", "E48"})
DIED_IN_CARE_RECS = frozenset({"E2"})
TRANSFERRED_RECS = frozenset({"E3"})
THIRTEEN_WEEKS_DAYS = 91

ELIGIBLE = "eligible"
RELEVANT = "relevant"
FORMER_RELEVANT = "former_relevant"
QUALIFYING = "qualifying"
TRANSITION = "transition"
NONE = "none"

CATEGORY_LABELS = {
    ELIGIBLE: "Eligible",
    RELEVANT: "Relevant",
    FORMER_RELEVANT: "Former relevant",
    QUALIFYING: "Qualifying",
    TRANSITION: "Approaching leaving care",
    NONE: "Not a care leaver",
}
# Categories the leaving care service owes a duty to (Annex A list 9).
CARE_LEAVER_CATEGORIES = frozenset({ELIGIBLE, RELEVANT, FORMER_RELEVANT, QUALIFYING})
# Categories that need a personal adviser and a pathway plan.
PA_CATEGORIES = frozenset({ELIGIBLE, RELEVANT, FORMER_RELEVANT})


def setting(key: str, default: Any) -> Any:
    return getattr(settings, "HEARTH", {}).get(key, default)


@functools.lru_cache(maxsize=65536)
def birthday(born: date, years: int) -> date:
    """The `years`th birthday; 29 February birthdays fall on 28 February in other years.
    Cached: the lists work out the same few birthdays of every young person many times."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, day=28)


def age_on(born: date, on: date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def transition_age_months() -> int:
    """The age (in months) from which a child in care is on the transition list: 15 and a half
    by default (settings.HEARTH CARE_LEAVERS_TRANSITION_AGE_MONTHS)."""
    return int(setting("CARE_LEAVERS_TRANSITION_AGE_MONTHS", 186))


@dataclass(frozen=True)
class CareSpell:
    """One episode of the care history: from `start` to `end` (the day it ceased; None while
    open), with its legal status and reason ceased."""

    start: date
    end: date | None
    legal_status: str = ""
    rec: str = ""

    @property
    def counts(self) -> bool:
        return self.legal_status not in SHORT_BREAK_STATUSES


@dataclass(frozen=True)
class CareHistory:
    """The care history of one child. `detained_at_16`: the date they were detained or
    admitted to hospital, when they were still there on their 16th birthday."""

    born: date
    spells: tuple[CareSpell, ...]
    died_on: date | None = None
    detained_at_16: date | None = None

    @classmethod
    def of(
        cls,
        born: date,
        spells: Iterable[CareSpell],
        died_on: date | None = None,
        detained_at_16: date | None = None,
    ) -> CareHistory:
        return cls(born, tuple(sorted(spells, key=lambda s: s.start)), died_on, detained_at_16)

    def __post_init__(self) -> None:
        # Read many times per young person: worked out once.
        object.__setattr__(self, "_counted", [s for s in self.spells if s.counts])

    def counted(self) -> list[CareSpell]:
        return self._counted  # type: ignore[attr-defined, no-any-return]

    def days_looked_after(self, since: date, until: date) -> int:
        """Days looked after from `since` up to (not including) `until`; an open spell runs
        to `until`; the day a spell ends is not counted."""
        total = 0
        for spell in self.counted():
            start = max(spell.start, since)
            end = min(spell.end or until, until)
            if end > start:
                total += (end - start).days
        return total

    def looked_after_on(self, on: date) -> bool:
        return any(s.start <= on and (s.end is None or s.end > on) for s in self.counted())

    def last_left(self, on: date) -> CareSpell | None:
        """The last spell that ended on or before `on`, when the child is not looked after."""
        ended = [s for s in self.counted() if s.end is not None and s.end <= on]
        return max(ended, key=lambda s: s.end or s.start) if ended else None


@dataclass(frozen=True)
class Eligibility:
    category: str
    reason: str
    weeks_since_14: int = 0
    entitlement_ends: date | None = None
    left_care_on: date | None = None

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @property
    def is_care_leaver(self) -> bool:
        return self.category in CARE_LEAVER_CATEGORIES

    @property
    def needs_adviser(self) -> bool:
        return self.category in PA_CATEGORIES

    @property
    def annex_a_label(self) -> str:
        return {
            RELEVANT: "a) Relevant",
            FORMER_RELEVANT: "b) Former relevant",
            QUALIFYING: "c) Qualifying",
            ELIGIBLE: "d) Eligible",
        }.get(self.category, "e) Other")


def _weeks(days: int) -> str:
    weeks = days // 7
    return f"{weeks} week{'s' if weeks != 1 else ''}"


def was_eligible_on_leaving(history: CareHistory, left: CareSpell) -> bool:
    assert left.end is not None
    b14, b16 = birthday(history.born, 14), birthday(history.born, 16)
    return left.end >= b16 and history.days_looked_after(b14, left.end) >= THIRTEEN_WEEKS_DAYS


def detained_relevant_days(history: CareHistory) -> int | None:
    """Days looked after since the 14th birthday up to the detention or hospital admission,
    when the young person was detained or in hospital on their 16th birthday, was looked after
    immediately before (the day before), and those days reach 13 weeks (reg 3); else None."""
    since = history.detained_at_16
    if since is None:
        return None
    b14, b16 = birthday(history.born, 14), birthday(history.born, 16)
    if since > b16 or not history.looked_after_on(since - timedelta(days=1)):
        return None
    days = history.days_looked_after(b14, since)
    return days if days >= THIRTEEN_WEEKS_DAYS else None


def _home_since(left: CareSpell, home_with_parent_since: date | None) -> date | None:
    if home_with_parent_since is not None:
        return home_with_parent_since
    return left.end if left.rec in RETURNED_HOME_RECS else None


def _under_18(
    history: CareHistory, today: date, home_with_parent_since: date | None
) -> Eligibility:
    """Eligibility at 16 or 17."""
    b14, b16 = birthday(history.born, 14), birthday(history.born, 16)
    if history.looked_after_on(today):
        days = history.days_looked_after(b14, today + timedelta(days=1))
        if days >= THIRTEEN_WEEKS_DAYS:
            return Eligibility(
                ELIGIBLE,
                f"eligible: {_weeks(days)} looked after since 14th birthday, still looked "
                "after at 16",
                days // 7,
                birthday(history.born, 21),
            )
        return Eligibility(
            TRANSITION,
            f"not yet eligible: {_weeks(days)} looked after since 14th birthday; eligible "
            "once that reaches 13 weeks while still looked after",
            days // 7,
        )
    left = history.last_left(today)
    if left is None or left.end is None:
        return Eligibility(NONE, "never looked after")
    days = history.days_looked_after(b14, left.end)
    eligible_on_leaving = left.end >= b16 and days >= THIRTEEN_WEEKS_DAYS
    detained_days = None if eligible_on_leaving else detained_relevant_days(history)
    if detained_days is not None:
        assert history.detained_at_16 is not None
        home = _home_since(left, home_with_parent_since)
        if home is not None and add_months(home, 6) <= today:
            return Eligibility(
                QUALIFYING,
                f"qualifying: has lived at home with a parent since {format_date(home)}, "
                "6 months or more, so no longer relevant",
                detained_days // 7,
                birthday(history.born, 21),
                left.end,
            )
        return Eligibility(
            RELEVANT,
            f"relevant: {_weeks(detained_days)} looked after since 14th birthday before being "
            f"detained or admitted to hospital on {format_date(history.detained_at_16)}, and "
            "still there on their 16th birthday",
            detained_days // 7,
            birthday(history.born, 21),
            left.end,
        )
    if eligible_on_leaving:
        home = _home_since(left, home_with_parent_since)
        if home is not None and add_months(home, 6) <= today:
            return Eligibility(
                QUALIFYING,
                f"qualifying: left care on {format_date(left.end)} and has lived at home with "
                f"a parent since {format_date(home)}, 6 months or more, so no longer relevant",
                days // 7,
                birthday(history.born, 21),
                left.end,
            )
        return Eligibility(
            RELEVANT,
            f"relevant: {_weeks(days)} looked after since 14th birthday, left care on "
            f"{format_date(left.end)} after turning 16",
            days // 7,
            birthday(history.born, 21),
            left.end,
        )
    if left.end >= b16:
        return Eligibility(
            QUALIFYING,
            f"qualifying: looked after after 16th birthday (left care on "
            f"{format_date(left.end)}) but only {_weeks(days)} since 14th birthday, "
            "13 needed to be relevant",
            days // 7,
            birthday(history.born, 21),
            left.end,
        )
    if left.rec in SGO_RECS and left.end >= b14:
        return Eligibility(
            QUALIFYING,
            f"qualifying: left care on a special guardianship order on {format_date(left.end)}",
            days // 7,
            birthday(history.born, 21),
            left.end,
        )
    return Eligibility(
        NONE,
        f"left care on {format_date(left.end)}, before 16th birthday",
        days // 7,
        left_care_on=left.end,
    )


def eligibility(
    history: CareHistory,
    today: date,
    *,
    support_requested_on: date | None = None,
    in_education: bool = False,
    home_with_parent_since: date | None = None,
) -> Eligibility:
    """The young person's leaving care category on `today`, with the reason in words.

    `support_requested_on`: when a former relevant young person asked for adviser support to
    25. `in_education`: in education or training now (keeps entitlement to 25).
    `home_with_parent_since`: living with a parent since that date (accommodation history)."""
    born = history.born
    if history.died_on is not None and history.died_on <= today:
        return Eligibility(NONE, f"died on {format_date(history.died_on)}")
    age = age_on(born, today)
    b14, b18, b21, b25 = (birthday(born, n) for n in (14, 18, 21, 25))
    if age < 16:
        if not history.looked_after_on(today):
            return Eligibility(NONE, "not looked after and under 16")
        days = history.days_looked_after(b14, today + timedelta(days=1))
        months = (today.year - born.year) * 12 + today.month - born.month
        if today.day < born.day:
            months -= 1
        if months >= transition_age_months():
            return Eligibility(
                TRANSITION,
                f"in care, 16 on {format_date(birthday(born, 16))}; {_weeks(days)} looked "
                "after since 14th birthday so far",
                days // 7,
            )
        return Eligibility(NONE, "in care, not yet of transition age", days // 7)
    if age < 18:
        return _under_18(history, today, home_with_parent_since)
    if age >= 25:
        return Eligibility(NONE, f"entitlement ended at 25 on {format_date(b25)}")
    before_18 = _under_18(history, b18 - timedelta(days=1), home_with_parent_since)
    if before_18.category in (ELIGIBLE, RELEVANT):
        weeks = before_18.weeks_since_14
        left = history.last_left(today)
        left_on = left.end if left else None
        base = (
            f"former relevant: {before_18.category} before 18th birthday ({weeks} weeks "
            "looked after since 14th birthday)"
        )
        if age < 21:
            ends = b25 if support_requested_on or in_education else b21
            return Eligibility(FORMER_RELEVANT, base, weeks, ends, left_on)
        if support_requested_on is not None:
            return Eligibility(
                FORMER_RELEVANT,
                f"{base}; support to 25 on request (asked on {format_date(support_requested_on)})",
                weeks,
                b25,
                left_on,
            )
        if in_education:
            return Eligibility(
                FORMER_RELEVANT, f"{base}; in education or training, so to 25", weeks, b25, left_on
            )
        return Eligibility(
            NONE, f"entitlement ended at 21 on {format_date(b21)} (support to 25 on request)"
        )
    # Not former relevant: qualifying if looked after after 16 (or SGO from care).
    qualifying = before_18.category == QUALIFYING or (
        before_18.category == TRANSITION  # still in care at 18 without 13 weeks
    )
    if not qualifying:
        return Eligibility(NONE, before_18.reason, before_18.weeks_since_14)
    if age < 21 or in_education:
        ends = b25 if in_education else b21
        reason = before_18.reason
        if before_18.category == TRANSITION:
            reason = "qualifying: looked after after 16th birthday, under 13 weeks since 14th"
        if age >= 21:
            reason += "; in education, so to 25"
        return Eligibility(QUALIFYING, reason, before_18.weeks_since_14, ends)
    return Eligibility(NONE, f"entitlement ended at 21 on {format_date(b21)}")


# --- Keeping in touch ----------------------------------------------------------------------


@dataclass(frozen=True)
class ContactSettings:
    """The keeping in touch settings, read once for a whole list (reading settings.HEARTH per
    young person costs more than the rules themselves)."""

    default_weeks: int
    bands: tuple[tuple[int, int], ...]  # (min_age, weeks), youngest first
    escalate_weeks: int
    change_review_weeks: int

    @classmethod
    def read(cls) -> ContactSettings:
        bands = setting("CARE_LEAVERS_CONTACT_WEEKS_BY_AGE", {}) or {}
        return cls(
            int(setting("CARE_LEAVERS_CONTACT_DEFAULT_WEEKS", 8)),
            tuple(sorted((int(age), int(weeks)) for age, weeks in bands.items())),
            escalate_after_weeks(),
            change_review_weeks(),
        )


def expected_contact_weeks(
    age: int, override_weeks: int | None = None, config: ContactSettings | None = None
) -> int:
    """Weeks between contacts: the young person's own frequency if set for their needs, else
    the band for their age (settings.HEARTH CARE_LEAVERS_CONTACT_WEEKS_BY_AGE, {min_age:
    weeks}), else CARE_LEAVERS_CONTACT_DEFAULT_WEEKS (8)."""
    if override_weeks:
        return override_weeks
    config = config or ContactSettings.read()
    weeks = config.default_weeks
    for min_age, band_weeks in config.bands:
        if age >= min_age:
            weeks = band_weeks
    return weeks


def escalate_after_weeks() -> int:
    """Further weeks beyond the expected frequency before a gap is escalated to the manager."""
    return int(setting("CARE_LEAVERS_ESCALATE_AFTER_WEEKS", 4))


@dataclass(frozen=True)
class ContactGap:
    expected_weeks: int
    last_in_touch: date | None
    last_seen: date | None
    weeks_not_in_touch: int
    weeks_not_seen: int
    not_in_touch: bool
    not_seen: bool
    escalated: bool

    @property
    def summary(self) -> str:
        if not self.not_in_touch and not self.not_seen:
            return "In touch"
        parts = []
        if self.not_in_touch:
            parts.append(
                f"not in touch for {self.weeks_not_in_touch} weeks"
                if self.last_in_touch
                else f"never in touch ({self.weeks_not_in_touch} weeks)"
            )
        if self.not_seen:
            parts.append(f"not seen for {self.weeks_not_seen} weeks")
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + (" (escalated)" if self.escalated else "")


def contact_gap(
    *,
    last_in_touch: date | None,
    last_seen: date | None,
    since: date,
    today: date,
    expected_weeks: int,
    escalate_weeks: int | None = None,
) -> ContactGap:
    """Gaps in contact. `since` is when the clock starts without any contact (the adviser's
    allocation, or becoming a care leaver). Not in touch: no successful contact within the
    expected weeks; not seen: not met face to face within them; escalated: a further
    CARE_LEAVERS_ESCALATE_AFTER_WEEKS (default 4) weeks on."""
    touch_from = last_in_touch or since
    seen_from = last_seen or since
    weeks_touch = max(0, (today - touch_from).days // 7)
    weeks_seen = max(0, (today - seen_from).days // 7)
    limit = timedelta(weeks=expected_weeks)
    not_in_touch = today - touch_from > limit
    not_seen = today - seen_from > limit
    if escalate_weeks is None:
        escalate_weeks = escalate_after_weeks()
    escalation = timedelta(weeks=expected_weeks + escalate_weeks)
    escalated = today - touch_from > escalation or today - seen_from > escalation
    return ContactGap(
        expected_weeks,
        last_in_touch,
        last_seen,
        weeks_touch,
        weeks_seen,
        not_in_touch,
        not_seen,
        escalated,
    )


# --- Pathway plan review -------------------------------------------------------------------


def change_review_weeks() -> int:
    """Weeks after a significant change by which the pathway plan is reviewed (local)."""
    return int(setting("CARE_LEAVERS_CHANGE_REVIEW_WEEKS", 4))


@dataclass(frozen=True)
class ReviewDue:
    due: date
    rule_id: str
    clock_start: date
    clock_event: str


def plan_review_due(
    latest_plan_on: date,
    changes: Sequence[tuple[date, str]],
    change_weeks: int | None = None,
) -> ReviewDue:
    """When the pathway plan must next be reviewed: 6 months after the latest plan, or sooner
    after a significant change recorded after it (the earliest such change sets the date)."""
    scheduled = ReviewDue(
        add_months(latest_plan_on, 6),
        "pathway_plan_review_6m",
        latest_plan_on,
        "the latest pathway plan",
    )
    after = sorted((on, what) for on, what in changes if on > latest_plan_on)
    if not after:
        return scheduled
    on, what = after[0]
    if change_weeks is None:
        change_weeks = change_review_weeks()
    prompted = ReviewDue(on + timedelta(weeks=change_weeks), "pathway_plan_review_change", on, what)
    return prompted if prompted.due < scheduled.due else scheduled


# --- SSDA903 OC3 ---------------------------------------------------------------------------


def oc3_window(birthday_on: date) -> tuple[date, date]:
    """The contact window around a birthday used for the OC3 items: 3 months before to 1
    month after by default (settings.HEARTH CARE_LEAVERS_OC3_MONTHS_BEFORE / _AFTER); see
    docs/domain/care-leavers.md for the basis."""
    before = int(setting("CARE_LEAVERS_OC3_MONTHS_BEFORE", 3))
    after = int(setting("CARE_LEAVERS_OC3_MONTHS_AFTER", 1))
    return add_months(birthday_on, -before), add_months(birthday_on, after)


@dataclass(frozen=True)
class OC3Items:
    in_touch: str
    activ: str
    accom: str


def oc3_items(
    *,
    birthday_on: date,
    died_on: date | None,
    home_with_parent_since: date | None,
    contacts: Sequence[tuple[date, str]],
    activity: str,
    accommodation: str,
) -> OC3Items:
    """IN_TOUCH, ACTIV and ACCOM around a birthday. `contacts` are (date, outcome) pairs;
    `activity` and `accommodation` are the OC3 codes in force on the birthday ("" if none
    recorded). Only young people in touch get activity and accommodation codes; the others
    get 0 (903 rules 344, 345)."""
    start, end = oc3_window(birthday_on)
    if died_on is not None and died_on <= end:
        return OC3Items("DIED", "0", "0")
    if home_with_parent_since is not None and add_months(home_with_parent_since, 6) <= birthday_on:
        return OC3Items("RHOM", "0", "0")
    window = sorted((on, outcome) for on, outcome in contacts if start <= on <= end)
    outcomes = {outcome for _, outcome in window}
    if "in_touch" in outcomes:
        return OC3Items("YES", activity, accommodation)
    if window and window[-1][1] == "nreq":
        return OC3Items("NREQ", "0", "0")
    if "refused" in outcomes:
        return OC3Items("REFU", "0", "0")
    return OC3Items("NO", "0", "0")
