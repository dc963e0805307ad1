"""SSDA903 code rules checked when an episode is entered, not months later at the return
(ARCHITECTURE principle 5). Each check names its DfE rule number (DOMAIN.md 1.9, 3.3, 3.4) and
answers in GOV.UK voice, keyed by the form field it is about.

Every function returns a dict {field: [messages]}; services raise them as one ValidationError
so nothing is half-saved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from hearth.children_in_care import postcodes
from hearth.children_in_care.models import (
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    LONG_TERM_PLACEMENTS,
    NO_URN_PLACEMENTS,
    OTHER_PLACEMENTS,
    SHORT_BREAKS,
    TEMPORARY_PLACEMENTS,
    Episode,
    Placement,
    age_on,
)
from hearth.people import identifiers
from hearth.reference import lookups

if TYPE_CHECKING:
    from hearth.people.models import Person

Errors = dict[str, list[str]]

EARLIEST_DECOM = date(1991, 10, 14)  # rule 353
# Legal statuses with a maximum length in days (rules 361, 362, 363).
LEGAL_STATUS_LIMITS: dict[str, tuple[int, str]] = {
    "L1": (3, "Police protection (L1) lasts no more than 72 hours"),
    "L2": (21, "An emergency protection order (L2) lasts no more than 21 days"),
    "L3": (7, "A child assessment order (L3) lasts no more than 7 days"),
}
# Temporary placements with a maximum length in days (rules 375, 376, 379).
TEMPORARY_LIMITS: dict[str, tuple[int, str]] = {
    "T1": (42, "A temporary period in hospital (T1) lasts no more than 6 weeks"),
    "T3": (
        21,
        "Temporary care while the foster carers are on holiday (T3) lasts no more than 3 weeks",
    ),
    "T4": (7, "A temporary placement (T4) lasts no more than 7 days"),
}
SHORT_BREAK_MAX_DAYS = 17  # CPR 2010 reg 48; 903 rule 365
SHORT_BREAK_YEAR_MAX_DAYS = 75  # rule 367
MAX_DISTANCE_MILES = 350  # rule 454
YOUTH_JUSTICE = frozenset({"J1", "J2", "J3"})
# Minimum ages for placement types (rules 371-374, 372).
PLACEMENT_MIN_AGES: dict[str, tuple[int, str]] = {
    "K3": (16, "Registered supported accommodation (K3) is only for young people aged 16 or over"),
    "P2": (16, "Independent living (P2) is only for young people aged 16 or over"),
    "R5": (10, "A young offender institution (R5) is only for children aged 10 or over"),
    "S1": (4, "A residential school (S1) is only for children aged 4 or over"),
    "P3": (14, "Residential employment (P3) is only for young people aged 14 or over"),
}
URN_PATTERN = re.compile(r"^(SC\d{6}|\d{6,7}|XXXXXXX)$")
OUTSIDE_ENGLAND_PREFIXES = ("W", "S", "N", "L", "M")


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def code_errors(field: str, list_name: str, code: str, on: date, what: str) -> Errors:
    """Empty, unknown or retired codes (valid for the collection year of `on`)."""
    if not code:
        return {field: [f"Select the {what}"]}
    if not lookups.is_valid(list_name, code, on=on):
        year = lookups.collection_year(on)
        return {field: [f"{code} is not a valid {what} in {year} to {year + 1}"]}
    return {}


def date_errors(on: date | None, today: date, *, field: str = "date", what: str) -> Errors:
    if on is None:
        return {field: [f"Enter the date {what}"]}
    if on > today:
        return {field: [f"The date {what} must be today or in the past"]}
    if on < EARLIEST_DECOM:
        return {field: [f"The date {what} must be on or after 14 October 1991"]}
    return {}


def legal_status_errors(child: Person, legal_status: str, on: date) -> Errors:
    errors = code_errors("legal_status", "legal_status", legal_status, on, "legal status")
    if errors:
        return errors
    age = age_on(child.date_of_birth, on)
    if legal_status in YOUTH_JUSTICE and age is not None and age < 10:
        _add(errors, "legal_status", "A child under 10 cannot have a youth justice legal status")
    if legal_status == "D1" and on >= date(2005, 12, 30):
        _add(errors, "legal_status", "Freeing orders (D1) were replaced by placement orders (E1)")
    return errors


@dataclass(frozen=True)
class CheckedPlacement:
    placement: Placement
    home_postcode: str
    placement_postcode: str
    urn: str
    derived: postcodes.Derived | None


def placement_errors(
    child: Person,
    placement: Placement,
    *,
    home_postcode: str,
    legal_status: str,
    on: date,
) -> tuple[Errors, CheckedPlacement | None]:
    """Placement type, provider, URN and postcodes (rules 146, 213, 218, 222, 371-374, 382,
    384, 392, 454, 526-531, 550). Returns the errors and, when none, the derived placement."""
    errors = code_errors("place", "placement_type", placement.place, on, "placement type")
    place = placement.place
    age = age_on(child.date_of_birth, on)
    if not errors:
        limit = PLACEMENT_MIN_AGES.get(place)
        if limit is not None and age is not None and age < limit[0]:
            _add(errors, "place", limit[1])
        if legal_status in SHORT_BREAKS and place in TEMPORARY_PLACEMENTS:
            _add(
                errors,
                "place",
                "A child on short breaks (V3 or V4) cannot be in a temporary placement",
            )
        if legal_status in SHORT_BREAKS and place in LONG_TERM_PLACEMENTS:
            _add(
                errors,
                "place",
                "A child on short breaks (V3 or V4) cannot be in long-term fostering (U1 or U4)",
            )
    provider_code = placement.place_provider or (
        placement.provider.provider_code if placement.provider else ""
    )
    no_provider = place in TEMPORARY_PLACEMENTS or place in (OTHER_PLACEMENTS - {"Z1"})
    if no_provider:
        provider_code = ""
    elif not provider_code:
        _add(errors, "place_provider", "Select the placement provider")
    elif not lookups.is_valid("placement_provider", provider_code, on=on):
        _add(errors, "place_provider", f"{provider_code} is not a valid placement provider")
    elif provider_code == "PR0" and place != "P1":
        _add(
            errors,
            "place_provider",
            "Parents (PR0) can only be the provider of a placement with parents (P1)",
        )
    elif place == "P1" and provider_code != "PR0":
        _add(
            errors,
            "place_provider",
            "A placement with parents (P1) is provided by the parents (PR0)",
        )
    elif provider_code in {"PR1", "PR2"} and place in {"R2", "R5"}:
        _add(
            errors,
            "place_provider",
            f"{place} placements are not local authority provision (PR1 or PR2)",
        )
    elif provider_code == "PR3" and place in ADOPTION_PLACEMENTS | FOSTER_PLACEMENTS | {"K1", "K2"}:
        _add(errors, "place_provider", f"{place} placements are not other public provision (PR3)")

    home = (home_postcode or "").strip()
    pl = (placement.postcode or (placement.provider.postcode if placement.provider else "")).strip()
    derived = None
    if not home:
        _add(errors, "home_postcode", "Enter the postcode of the child's home")
    if not pl:
        _add(errors, "placement_postcode", "Enter the postcode of the placement")
    home_place = pl_place = None
    if home:
        try:
            home_place = postcodes.lookup(home)
        except postcodes.PostcodeError as error:
            _add(errors, "home_postcode", str(error))
    if pl:
        try:
            pl_place = postcodes.lookup(pl)
        except postcodes.PostcodeError as error:
            _add(errors, "placement_postcode", str(error))
    if home_place and pl_place:
        if home_place.postcode == pl_place.postcode and place != "P1":
            _add(
                errors,
                "placement_postcode",
                "The placement postcode must be different from the home postcode unless the child is placed with parents (P1)",  # noqa: E501
            )
        derived = postcodes.derive(home_place.postcode, pl_place.postcode)
        if derived.distance > MAX_DISTANCE_MILES:
            _add(
                errors,
                "placement_postcode",
                f"The placement is {derived.distance} miles from home: check the postcodes (more than {MAX_DISTANCE_MILES} miles)",  # noqa: E501
            )

    urn = (placement.urn or (placement.provider.urn if placement.provider else "")).strip().upper()
    outside_england = derived is not None and derived.placement_la.startswith(
        OUTSIDE_ENGLAND_PREFIXES
    )
    if place in NO_URN_PLACEMENTS:
        if placement.urn.strip():
            _add(errors, "urn", f"Leave the Ofsted URN blank for a {place} placement")
        urn = ""
    elif not urn and not outside_england:
        _add(errors, "urn", "Enter the provider's Ofsted URN")
    elif urn and not URN_PATTERN.match(urn):
        _add(
            errors,
            "urn",
            "Enter an Ofsted URN like SC123456 or 1234567, or XXXXXXX for a placeholder",
        )
    if errors:
        return errors, None
    return errors, CheckedPlacement(
        placement=Placement(place, provider_code, placement.provider, pl, urn),
        home_postcode=home_place.postcode if home_place else "",
        placement_postcode=pl_place.postcode if pl_place else "",
        urn=urn,
        derived=derived,
    )


def _run_start(episodes: Sequence[Episode], same: str, attr: str) -> date | None:
    """When the current run of `attr == same` began, walking back through the period."""
    start = None
    for episode in reversed(episodes):
        if getattr(episode, attr) != same:
            break
        start = episode.decom
    return start


def ending_errors(
    episodes: Sequence[Episode], on: date, *, ends_legal_status: bool, ends_placement: bool
) -> Errors:
    """Limits that bite when a legal status or a placement ends on `on` (rules 361-365, 375,
    376, 379)."""
    errors: Errors = {}
    if not episodes:
        return errors
    current = episodes[-1]
    if on < current.decom:
        _add(
            errors,
            "date",
            f"The date must be on or after the current episode started ({current.decom:%d/%m/%Y})",
        )
        return errors
    limit = LEGAL_STATUS_LIMITS.get(current.legal_status)
    if limit is not None:
        started = _run_start(episodes, current.legal_status, "legal_status") or current.decom
        if (on - started).days > limit[0]:
            _add(
                errors,
                "date",
                f"{limit[1]}: it started on {started:%d/%m/%Y}. Record the change of legal status from the day it ended",  # noqa: E501
            )
    too_long = (on - current.decom).days > SHORT_BREAK_MAX_DAYS
    if ends_legal_status and current.legal_status == "V3" and too_long:
        _add(
            errors,
            "date",
            f"A single short break (V3) lasts no more than {SHORT_BREAK_MAX_DAYS} days",
        )
    if ends_placement:
        tlimit = TEMPORARY_LIMITS.get(current.place)
        if tlimit is not None:
            started = _run_start(episodes, current.place, "place") or current.decom
            if (on - started).days > tlimit[0]:
                _add(errors, "date", f"{tlimit[1]}: it started on {started:%d/%m/%Y}")
    return errors


def short_break_year_errors(
    child_episodes: Sequence[Episode], on: date, *, new_days: int
) -> Errors:
    """Short breaks (V3) total no more than 75 days in any 12 months (rule 367)."""
    year_ago = on - timedelta(days=365)
    total = new_days
    for episode in child_episodes:
        if episode.legal_status != "V3" or episode.dec is None or episode.dec < year_ago:
            continue
        total += (episode.dec - max(episode.decom, year_ago)).days
    if total > SHORT_BREAK_YEAR_MAX_DAYS:
        return {
            "date": [
                f"Short breaks total more than {SHORT_BREAK_YEAR_MAX_DAYS} days in 12 months ({total} days)"  # noqa: E501
            ]
        }
    return {}


def temporary_errors(
    episodes: Sequence[Episode], new: Placement, on: date, *, child_episodes: Sequence[Episode]
) -> Errors:
    """After a temporary placement the child returns to the same normal placement (383); T3
    at most twice in 12 months (377)."""
    errors: Errors = {}
    current = episodes[-1] if episodes else None
    if current is not None and current.is_temporary and new.place not in TEMPORARY_PLACEMENTS:
        normal = next((e for e in reversed(episodes) if not e.is_temporary), None)
        if normal is not None and (
            normal.place != new.place
            or normal.placement_postcode
            != postcodes.normalise(new.postcode or normal.placement_postcode)
        ):
            _add(
                errors,
                "place",
                f"After a temporary placement the child returns to the same placement ({normal.place} at {normal.placement_postcode}); record a move from there",  # noqa: E501
            )
    if new.place == "T3":
        year_ago = on - timedelta(days=365)
        earlier = {
            e.decom
            for e in child_episodes
            if e.place == "T3" and e.decom >= year_ago and e.rne != "L"
        }
        if len(earlier) >= 2:
            _add(
                errors,
                "place",
                "A child can have temporary care while the foster carers are on holiday (T3) no more than twice in 12 months",  # noqa: E501
            )
    return errors


def reason_ceased_errors(child: Person, rec: str, on: date, episodes: Sequence[Episode]) -> Errors:
    """Reason episode ceased at the end of a period of care (rules 381, 386, 387, 389, 390, 460)."""
    errors = code_errors(
        "reason_episode_ceased", "reason_episode_ceased", rec, on, "reason care ended"
    )
    if errors:
        return errors
    if rec == "X1":
        return {
            "reason_episode_ceased": [
                "X1 is only for an episode followed by another the same day; choose why care ended"
            ]
        }
    age = age_on(child.date_of_birth, on)
    current = episodes[-1] if episodes else None
    if current is not None and current.is_temporary:
        _add(
            errors,
            "reason_episode_ceased",
            "A period of care cannot end in a temporary placement: record the return to the normal placement first",  # noqa: E501
        )
    if age is not None:
        if rec in {"E5", "E6"} and age < 14:
            _add(
                errors,
                "reason_episode_ceased",
                "A child under 14 cannot move into independent living (E5 or E6)",
            )
        if rec == "E7" and age < 16:
            _add(
                errors,
                "reason_episode_ceased",
                "Only a young person aged 16 or over can move to adult residential care (E7)",
            )
        if rec == "E17" and age < 18:
            _add(
                errors,
                "reason_episode_ceased",
                "Staying with carers after 18 (E17) is only for young people aged 18 or over",
            )
        if rec in {"E11", "E12"} and age >= 18:
            _add(
                errors,
                "reason_episode_ceased",
                "A young person aged 18 or over cannot be adopted from care (E11 or E12)",
            )
    if rec in {"E11", "E12"} and not any(e.place in ADOPTION_PLACEMENTS for e in episodes):
        _add(
            errors,
            "reason_episode_ceased",
            "A child can only be adopted (E11 or E12) after being placed for adoption (A3 to A6)",
        )
    return errors


def participation_errors(child: Person, participation: str, held_on: date) -> Errors:
    """The review participation code: valid for the year (PN0-PN7), PN0 only and always for a
    child under 4 at the review (rules 440, 441)."""
    errors = code_errors(
        "participation", "review_participation", participation, held_on, "participation code"
    )
    age = age_on(child.date_of_birth, held_on)
    if errors or age is None:
        return errors
    if age < 4 and participation != "PN0":
        _add(errors, "participation", "The child was under 4 at the review: select PN0 (rule 440)")
    if age >= 4 and participation == "PN0":
        _add(errors, "participation", "PN0 is only for a child under 4 at the review (rule 441)")
    return errors


def reason_new_episode(*, legal_changed: bool, placement_changed: bool, same_carer: bool) -> str:
    """RNE (rules 431-436): L, P, T, B or U from what actually changed."""
    if legal_changed and placement_changed:
        return "U" if same_carer else "B"
    if placement_changed:
        return "T" if same_carer else "P"
    return "L"


def merge(*parts: Errors) -> Errors:
    merged: Errors = {}
    for part in parts:
        for field, messages in part.items():
            for message in messages:
                if message not in merged.get(field, []):
                    _add(merged, field, message)
    return merged


# --- Refused at entry: what SSDA903 rules 630, 442, 551 and 553 would catch at the return ----

NO_PREVIOUS_PERMANENCE = "Z1"
LA_PERM_OTHER = frozenset({"NIR", "SCO", "WAL", "NUK", "999"})
ADOPTION_DECISION_FIRST = (
    "Record the decision that the child should be placed for adoption first (SSDA903 rules "
    "551 and 553)"
)
ADOPTION_AT_START = (
    "A period of care cannot start under a placement order (E1) or in an adoption placement "
    "(A3 to A6): start it with the legal status and placement before, then record the "
    "decision that the child should be placed for adoption (SSDA903 rules 551 and 553)"
)
UPN_NEEDED = (
    "Enter the child's unique pupil number (UPN), or select why it is not known (SSDA903 rule 442)"
)


def previous_permanence_errors(
    prev_perm: str, la_perm: str, date_perm: date | None, *, start_date: date | None, today: date
) -> Errors:
    """The previous permanence question asked when a child starts to be looked after (903
    PrevPerm, rules 630-633 and 635). Z1 (no previous permanence) stands alone; any other
    answer, P4 (not known which order) included, gives the local authority that arranged it
    (999 when that is not known) and the date of the order, before care started (632)."""
    errors: Errors = {}
    la_perm = (la_perm or "").strip().upper()
    if not prev_perm:
        return {"prev_perm": ["Select whether the child had a previous permanence option"]}
    if not lookups.is_valid("previous_permanence", prev_perm, on=today):
        return {"prev_perm": [f"{prev_perm} is not a valid previous permanence option"]}
    if prev_perm == NO_PREVIOUS_PERMANENCE:
        if la_perm or date_perm:
            _add(
                errors,
                "prev_perm",
                "Leave the local authority and date blank when there was no previous permanence",
            )
        return errors
    if not la_perm:
        _add(
            errors,
            "la_perm",
            "Enter the local authority that arranged the previous permanence, or 999 if not known",
        )
    elif not (re.fullmatch(r"\d{3}", la_perm) or la_perm in LA_PERM_OTHER):
        _add(
            errors, "la_perm", "Enter a 3-digit local authority code, or NIR, SCO, WAL, NUK or 999"
        )
    if date_perm is None:
        _add(errors, "date_perm", "Enter the date of the previous permanence order")
    elif date_perm > today:
        _add(errors, "date_perm", "The date of the order must be today or in the past")
    elif start_date is not None and date_perm >= start_date:
        _add(
            errors,
            "date_perm",
            "The date of the previous permanence order must be before the child started to be "
            "looked after",
        )
    return errors


def upn_errors(upn: str, upn_unknown_reason: str, *, legal_status: str) -> Errors:
    """A child looked after other than on short breaks has a UPN or a reason it is not known
    (903 rule 442 reads the Header UPN, which is the UPN or the UN code)."""
    upn = identifiers.normalise_upn(upn or "")
    if upn:
        message = identifiers.upn_error(upn)
        return {"upn": [message]} if message else {}
    if upn_unknown_reason or legal_status in SHORT_BREAKS:
        return {}
    return {"upn": [UPN_NEEDED]}


def adoption_decision_errors(
    child: Person, on: date, *, legal_status: str, place: str, field: str
) -> Errors:
    """An adoption placement (A3 to A6, rule 551) or a placement order (E1, rule 553) needs the
    agency decision that the child should be placed for adoption, made on or before `on` and
    not reversed by then (552 and 554 put it first)."""
    if place not in ADOPTION_PLACEMENTS and legal_status != "E1":
        return {}
    decided = (
        child.adoption_journeys.filter(decision_on__lte=on).exclude(reversed_on__lte=on).exists()
    )
    return {} if decided else {field: [ADOPTION_DECISION_FIRST]}
