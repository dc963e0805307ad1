"""Figures kept for a stated freshness (docs/indicators-cache.md).

A figure for an indicator, a scope and an as-of date is computed from the record, stored with
the rows behind it (StoredFigure) and read back for `freshness()` (HEARTH
["INDICATOR_FRESHNESS_MINUTES"], default 15). Older rows are never shown: a page that finds
none fresh computes and stores them first, and `hearth indicators refresh` (run on a schedule
every N minutes) recomputes the borough's, each service's and each team's figures so pages
find them warm. Every figure on a page, its 24-month trend and its drill-down come from stored
rows, so the children listed are exactly the ones the figure counted at its `computed_at`.

Need-to-know is not cached: a scope's key is chosen through scope_from_key (which refuses
scopes out of the user's reach), and the drill-down reads the children through
visible_to(user) on every request.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import Role, Service, Team, User
from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.indicators.base import Figure, Indicator, Period, Row
from hearth.indicators.library import INDICATORS
from hearth.indicators.memo import batch
from hearth.indicators.models import StoredFigure
from hearth.indicators.scope import SERVICE, TEAM, WORKER, Scope, borough_scope

DEFAULT_FRESHNESS_MINUTES = 15
DEFAULT_TREND_FRESHNESS_MINUTES = 24 * 60


def freshness_minutes() -> int:
    hearth: dict[str, Any] = settings.HEARTH
    return int(hearth.get("INDICATOR_FRESHNESS_MINUTES", DEFAULT_FRESHNESS_MINUTES))


def freshness() -> timedelta:
    return timedelta(minutes=freshness_minutes())


def trend_freshness_minutes() -> int:
    """How old a past month end's figure (a trend point) may be: longer than today's, as the
    past changes only when a record is entered late; default a day."""
    hearth: dict[str, Any] = settings.HEARTH
    return int(hearth.get("INDICATOR_TREND_FRESHNESS_MINUTES", DEFAULT_TREND_FRESHNESS_MINUTES))


# Rows are stored column by column ({"columns": [[keys], [child ids], ...]}), which encodes
# in about half the time of a list per row and compresses to half the size. The first format,
# a list per row (with the weight only when it is not 1), is still read.
_COLUMNS = ("key", "child_id", "on", "detail", "in_numerator", "amount", "label", "weight")
assert tuple(f.name for f in fields(Row)) == _COLUMNS, "Row changed: update encode_rows"


def encode_rows(rows: list[Row]) -> bytes:
    ordinal = date.toordinal
    columns = [
        [r.key for r in rows],
        [r.child_id for r in rows],
        [ordinal(r.on) for r in rows],
        [r.detail for r in rows],
        [r.in_numerator for r in rows],
        [r.amount for r in rows],
        [r.label for r in rows],
        [r.weight for r in rows],
    ]
    return zlib.compress(json.dumps({"columns": columns}, separators=(",", ":")).encode(), 1)


def decode_rows(blob: bytes | memoryview) -> list[Row]:
    data = json.loads(zlib.decompress(bytes(blob)))
    fromordinal = date.fromordinal
    if isinstance(data, dict):
        keys, child_ids, ons, details, numerators, amounts, labels, weights = data["columns"]
        return [
            Row(key, child_id, fromordinal(on), detail, bool(numerator), amount, label, weight)
            for key, child_id, on, detail, numerator, amount, label, weight in zip(
                keys, child_ids, ons, details, numerators, amounts, labels, weights, strict=True
            )
        ]
    return [
        Row(
            key=key,
            child_id=child_id,
            on=fromordinal(on),
            detail=detail,
            in_numerator=bool(numerator),
            amount=amount,
            label=label,
            weight=weight[0] if weight else 1.0,
        )
        for key, child_id, on, detail, numerator, amount, label, *weight in data
    ]


@dataclass(frozen=True)
class CountedFigure(Figure):
    """A figure read back without decoding its rows (the dashboard, trends, exports): the
    counts stored with them. `rows` is empty; use `figure_with_rows` for the drill-down."""

    counts: tuple[int, int, float | None] = (0, 0, None)
    computed_at: datetime | None = None

    @property
    def numerator(self) -> int:
        return self.counts[0]

    @property
    def denominator(self) -> int:
        return self.counts[1]

    @property
    def value(self) -> float | None:
        return self.counts[2]


@dataclass(frozen=True)
class Snapshot:
    figures: list[Figure]
    computed_at: datetime  # the oldest figure's; every figure shown is at least this fresh

    @property
    def refreshed_every(self) -> int:
        return freshness_minutes()


def _counted(indicator: Indicator, stored: StoredFigure) -> CountedFigure:
    return CountedFigure(
        indicator=indicator,
        period=Period(stored.period_start, stored.period_end),
        rows=[],
        counts=(stored.numerator, stored.denominator, stored.value),
        computed_at=stored.computed_at,
    )


def _store(scope: Scope, as_of: date, figures: Iterable[Figure], at: datetime) -> None:
    objs = [
        StoredFigure(
            scope_key=scope.key,
            as_of=as_of,
            indicator_id=f.indicator.id,
            period_start=f.period.start,
            period_end=f.period.end,
            numerator=f.numerator,
            denominator=f.denominator,
            value=f.value,
            rows=encode_rows(f.rows),
            computed_at=at,
        )
        for f in figures
    ]
    with transaction.atomic():
        StoredFigure.objects.bulk_create(
            objs,
            update_conflicts=True,
            unique_fields=["scope_key", "as_of", "indicator_id"],
            update_fields=[
                "period_start",
                "period_end",
                "numerator",
                "denominator",
                "value",
                "rows",
                "computed_at",
            ],
        )


def _compute(scope: Scope, as_of: date, indicators: Iterable[Indicator]) -> list[Figure]:
    period = Period.year_to_date(as_of)
    children = scope.child_ids(period)
    return [Figure(indicator=i, period=period, rows=i.rows(period, children)) for i in indicators]


def _fresh(
    scope: Scope, as_ofs: Iterable[date], ids: Iterable[str], minutes: int | None = None
) -> Any:
    age = timedelta(minutes=freshness_minutes() if minutes is None else minutes)
    return StoredFigure.objects.filter(
        scope_key=scope.key,
        as_of__in=list(as_ofs),
        indicator_id__in=list(ids),
        computed_at__gte=timezone.now() - age,
    )


def _trend_fresh(scope: Scope, month_ends: list[date], ids: Iterable[str]) -> Any:
    """Stored trend points: the last (the figure itself) within the freshness, earlier month
    ends within the trend freshness."""
    ids = list(ids)
    latest, earlier = month_ends[-1:], month_ends[:-1]
    return _fresh(scope, latest, ids) | _fresh(scope, earlier, ids, trend_freshness_minutes())


def cached_figures(
    *, scope: Scope, as_of: date, indicators: tuple[Indicator, ...] = INDICATORS
) -> Snapshot:
    """Every indicator for the collection year to `as_of`, from fresh stored figures; those
    missing or older than the freshness are computed (one batch) and stored first."""
    found = {
        s.indicator_id: s for s in _fresh(scope, [as_of], [i.id for i in indicators]).defer("rows")
    }
    missing = [i for i in indicators if i.id not in found]
    computed: dict[str, Figure] = {}
    now = timezone.now()
    if missing:
        with batch():
            figures = _compute(scope, as_of, missing)
        _store(scope, as_of, figures, now)
        # Counted once: the page reads each figure's counts several times.
        computed = {
            f.indicator.id: CountedFigure(
                indicator=f.indicator,
                period=f.period,
                rows=[],
                counts=(f.numerator, f.denominator, f.value),
                computed_at=now,
            )
            for f in figures
        }
    result: list[Figure] = [
        computed[i.id] if i.id in computed else _counted(i, found[i.id]) for i in indicators
    ]
    times = [s.computed_at for s in found.values()] + ([now] if computed else [])
    return Snapshot(figures=result, computed_at=min(times) if times else now)


def figure_with_rows(*, indicator: Indicator, scope: Scope, as_of: date) -> tuple[Figure, datetime]:
    """One indicator's figure with the rows it counted (the drill-down), from the fresh stored
    figure the dashboard showed, or computed and stored now."""
    stored = _fresh(scope, [as_of], [indicator.id]).first()
    if stored is not None:
        figure = Figure(
            indicator=indicator,
            period=Period(stored.period_start, stored.period_end),
            rows=decode_rows(stored.rows),
        )
        return figure, stored.computed_at
    now = timezone.now()
    (figure,) = _compute(scope, as_of, [indicator])
    _store(scope, as_of, [figure], now)
    return figure, now


def cached_series(
    *, indicator: Indicator, scope: Scope, month_ends: list[date]
) -> list[tuple[date, Figure]]:
    """One indicator as at each month end, from fresh stored figures, computing (and storing)
    the months missing."""
    found = {s.as_of: s for s in _trend_fresh(scope, month_ends, [indicator.id]).defer("rows")}
    now = timezone.now()
    result: list[tuple[date, Figure]] = []
    for end in month_ends:
        if end in found:
            result.append((end, _counted(indicator, found[end])))
            continue
        (figure,) = _compute(scope, end, [indicator])
        _store(scope, end, [figure], now)
        result.append((end, figure))
    return result


def stored_series(
    *, scope: Scope, month_ends: list[date], indicators: tuple[Indicator, ...] = INDICATORS
) -> dict[str, list[tuple[date, Figure]]]:
    """Each indicator's stored trend points, read only (the dashboard never computes a
    trend): the indicators with every month end fresh; the others are left out."""
    points: dict[str, dict[date, StoredFigure]] = {}
    for s in _trend_fresh(scope, month_ends, [i.id for i in indicators]).defer("rows"):
        points.setdefault(s.indicator_id, {})[s.as_of] = s
    return {
        i.id: [(end, _counted(i, points[i.id][end])) for end in month_ends]
        for i in indicators
        if len(points.get(i.id, {})) == len(month_ends)
    }


def refresh(*, scopes: Iterable[Scope], as_of: date, months: list[date] | None = None) -> int:
    """Recompute and store every indicator for each scope as at `as_of` (and at each of
    `months`, for the trends), whatever is stored; then drop figures past their freshness.
    Returns the number of figures stored."""
    stored = 0
    for scope in scopes:
        for on in [as_of, *(m for m in months or [] if m != as_of)]:
            with batch():
                figures = _compute(scope, on, INDICATORS)
            _store(scope, on, figures, timezone.now())
            stored += len(figures)
    prune()
    return stored


def refresh_scopes(keys: list[str]) -> list[Scope]:
    """The scopes `keys` name (unknown keys left out), or by default the borough, every
    service and every team: the ones the scheduled refresh keeps warm."""
    scopes = [borough_scope()]
    scopes += [Scope(SERVICE, s.pk, s.name) for s in Service.objects.order_by("name")]
    scopes += [Scope(TEAM, t.pk, t.name) for t in Team.objects.order_by("name")]
    if not keys:
        return scopes
    by_key = {s.key: s for s in scopes}
    for key in keys:
        kind, _, pk = key.partition(":")
        if kind == WORKER and pk.isdigit():
            worker = User.objects.filter(pk=int(pk)).first()
            if worker is not None:
                by_key[key] = Scope(WORKER, worker.pk, str(worker))
    return [by_key[key] for key in keys if key in by_key]


def prune() -> int:
    """Delete stored figures past both freshnesses (they are never shown again)."""
    longest = max(freshness_minutes(), trend_freshness_minutes())
    cutoff = timezone.now() - timedelta(minutes=longest)
    deleted, _ = StoredFigure.objects.filter(computed_at__lt=cutoff).delete()
    return deleted


REFRESH_ROLES = frozenset({Role.PERFORMANCE_ANALYST, Role.SENIOR_LEADER})


def may_refresh(user: Any) -> bool:
    return getattr(user, "role", None) in REFRESH_ROLES


def figures_refresh(*, user: Any, scope: Scope, as_of: date) -> Snapshot:
    """Recompute a scope's figures as at `as_of` now, whatever is stored (a performance
    analyst's 'refresh now'), and audit who asked."""
    with batch():
        figures = _compute(scope, as_of, INDICATORS)
    now = timezone.now()
    _store(scope, as_of, figures, now)
    Auditor(user=user).record(
        AuditAction.UPDATE,
        object_type="indicators.storedfigure",
        object_id=scope.key,
        summary=f"Refreshed the figures for {scope.name} as at {as_of:%d/%m/%Y}",
        changes={"scope": scope.key, "as_of": as_of.isoformat(), "figures": len(figures)},
    )
    return Snapshot(figures=figures, computed_at=now)
