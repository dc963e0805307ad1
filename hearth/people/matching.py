"""Duplicate prevention: people who are likely to be the person about to be recorded.

Candidates are narrowed in the database first (same NHS number or UPN, same date of birth or
the day and month typed the other way round, or matching phonetic keys of the names in either
order), fetched with only the columns scoring needs, then scored in Python with rapidfuzz. The
number of queries is fixed (one) and the rows fetched are bounded, whatever the number of
people held."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from hearth.people import identifiers
from hearth.people.models import Person
from hearth.people.names import name_key, normalise_name

# Never score more than this many candidates; the closest by name keys and date come first.
MAX_CANDIDATES = 500
# Below these a candidate is not offered as a likely match.
MIN_SCORE = 60
MIN_NAME_SIMILARITY = 70

_SCORING_FIELDS = (
    "id",
    "is_child",
    "la_child_id",
    "first_name",
    "middle_names",
    "last_name",
    "known_as",
    "date_of_birth",
    "expected_date_of_birth",
    "nhs_number",
    "upn",
    "former_upn",
    "restricted",
    "date_of_death",
)


@dataclass
class Match:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)
    identifier_match: bool = False


def _similarity(a: str, b: str) -> float:
    """0-100: the better of edit-distance ratio and Jaro-Winkler (kind to typos near the
    end of a name and to dropped or doubled letters)."""
    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b), JaroWinkler.normalized_similarity(a, b) * 100)


def name_similarity(first_name: str, last_name: str, candidate: Person) -> tuple[float, bool]:
    """How alike the names are (0-100) and whether the best fit had first and last swapped.
    The candidate's known-as name counts as an alternative first name."""
    first, last = normalise_name(first_name), normalise_name(last_name)
    their_firsts = {normalise_name(candidate.first_name), normalise_name(candidate.known_as)}
    their_firsts.discard("")
    their_last = normalise_name(candidate.last_name)
    best, swapped = 0.0, False
    for their_first in their_firsts or {""}:
        straight = 0.4 * _similarity(first, their_first) + 0.6 * _similarity(last, their_last)
        crossed = 0.4 * _similarity(first, their_last) + 0.6 * _similarity(last, their_first)
        if straight >= best:
            best, swapped = straight, False
        if crossed > best:
            best, swapped = crossed, True
    # "Mary Ann Smith" typed as "Mary Smith": compare whole names ignoring order too.
    whole = fuzz.token_set_ratio(f"{first} {last}", f"{' '.join(their_firsts)} {their_last}")
    if whole > best and first and last:
        best, swapped = 0.9 * whole, False
    return best, swapped


def _transposed(day_month: date) -> date | None:
    """The date with day and month typed the other way round, if that is a real date."""
    if day_month.day > 12 or day_month.day == day_month.month:
        return None
    try:
        return day_month.replace(day=day_month.month, month=day_month.day)
    except ValueError:
        return None


def _date_similarity(wanted: date, theirs: date | None) -> tuple[int, str]:
    """Points for a date of birth and the reason to show."""
    if theirs is None:
        return 0, ""
    if theirs == wanted:
        return 40, "same date of birth"
    if _transposed(wanted) == theirs:
        return 25, "date of birth with day and month swapped"
    if theirs.year == wanted.year and (theirs.month == wanted.month or theirs.day == wanted.day):
        return 15, "similar date of birth"
    return -20, ""


def _candidate_filter(
    *, first_name: str, last_name: str, date_of_birth: date | None, nhs_number: str, upn: str
) -> Q:
    keys = {name_key(first_name), name_key(last_name)} - {""}
    where = Q(pk__in=[])
    if nhs_number:
        where |= Q(nhs_number=nhs_number)
    if upn:
        where |= Q(upn=upn) | Q(former_upn=upn)
    if date_of_birth is not None:
        dates = {date_of_birth}
        if (swapped := _transposed(date_of_birth)) is not None:
            dates.add(swapped)
        where |= Q(date_of_birth__in=dates) | Q(expected_date_of_birth__in=dates)
    if len(keys) == 2:
        # Both names sound alike, in either order; the known-as name stands for a first name.
        where |= (Q(first_name_key__in=keys) | Q(known_as_key__in=keys)) & Q(last_name_key__in=keys)
    elif keys and date_of_birth is None:
        where |= Q(last_name_key__in=keys)
    return where


def likely_matches(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    nhs_number: str = "",
    upn: str = "",
    limit: int = 10,
    is_child: bool | None = None,
) -> list[Match]:
    """People likely to be the one described, best first. An identical NHS number or UPN ranks
    first; otherwise similar names (typos, swapped first and last names, known-as names) and
    dates of birth score. Visibility is the caller's concern: filter with `visible_to`."""
    nhs_number = identifiers.normalise_nhs_number(nhs_number or "")
    upn = identifiers.normalise_upn(upn or "")
    where = _candidate_filter(
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        nhs_number=nhs_number,
        upn=upn,
    )
    candidates = Person.objects.filter(where)
    if is_child is not None:
        candidates = candidates.filter(is_child=is_child)
    rows = list(candidates.only(*_SCORING_FIELDS).order_by("id")[:MAX_CANDIDATES])

    matches: list[Match] = []
    for person in rows:
        match = _score(
            person,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            nhs_number=nhs_number,
            upn=upn,
        )
        if match is not None:
            matches.append(match)
    matches.sort(key=lambda m: (not m.identifier_match, -m.score, m.person.last_name, m.person.pk))
    return matches[:limit]


def _score(
    person: Person,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    nhs_number: str,
    upn: str,
) -> Match | None:
    reasons: list[str] = []
    identifier_match = False
    if nhs_number and person.nhs_number == nhs_number:
        reasons.append("same NHS number")
        identifier_match = True
    if upn and upn in (person.upn, person.former_upn):
        reasons.append("same UPN" if person.upn == upn else "same former UPN")
        identifier_match = True

    similarity, swapped = name_similarity(first_name, last_name, person)
    rounded = round(similarity)
    if similarity >= 99.5:
        reasons.append("same name" + (" (first and last names swapped)" if swapped else ""))
    elif similarity >= MIN_NAME_SIMILARITY:
        detail = f"{rounded}%" + (", first and last names swapped" if swapped else "")
        reasons.append(f"similar name ({detail})")

    date_points, date_reason = 0, ""
    if date_of_birth is not None:
        date_points, date_reason = _date_similarity(
            date_of_birth, person.date_of_birth or person.expected_date_of_birth
        )
        if date_reason:
            reasons.append(date_reason)

    if identifier_match:
        return Match(person=person, score=100, reasons=reasons, identifier_match=True)
    if similarity < MIN_NAME_SIMILARITY:
        return None
    score = 0.85 * similarity if date_of_birth is None else 0.6 * similarity + date_points
    score = max(0, min(99, round(score)))
    if score < MIN_SCORE:
        return None
    return Match(person=person, score=score, reasons=reasons)
