"""Display wording for figures: values, RAG tags, directions, periods and drill-down links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from hearth.indicators.base import Direction, Figure, Measure, Rag
from hearth.indicators.scope import Scope

RAG_TAGS: dict[Rag, tuple[str, str]] = {
    Rag.GREEN: ("Green: on target", "govuk-tag--green"),
    Rag.AMBER: ("Amber: within tolerance", "govuk-tag--yellow"),
    Rag.RED: ("Red: off target", "govuk-tag--red"),
    Rag.NONE: ("No data in the period", "govuk-tag--grey"),
}


def value_text(figure: Figure) -> str:
    if figure.value is None:
        return "No data"
    if figure.indicator.measure == Measure.COUNT:
        return f"{figure.numerator:,}"
    if figure.indicator.measure == Measure.AVERAGE:
        return f"{figure.value:,.1f} {figure.indicator.unit}".strip()
    return f"{figure.value:.1f}%"


def target_text(figure: Figure) -> str:
    indicator = figure.indicator
    unit = {Measure.COUNT: "", Measure.AVERAGE: f" {indicator.unit}"}.get(indicator.measure, "%")
    tolerance = f" (tolerance {indicator.tolerance:g}{unit})" if indicator.tolerance else ""
    return f"{indicator.target:g}{unit}{tolerance}"


def direction_text(direction: Direction) -> str:
    return "Higher is better" if direction == Direction.HIGHER else "Lower is better"


def period_text(figure: Figure) -> str:
    if figure.indicator.snapshot:
        return f"As at {figure.period.end:%-d %B %Y}"
    return f"{figure.period.start:%-d %B %Y} to {figure.period.end:%-d %B %Y}"


def query_for(as_of: date, scope: Scope, **extra: str) -> str:
    params = {
        "as_of-day": str(as_of.day),
        "as_of-month": str(as_of.month),
        "as_of-year": str(as_of.year),
        "scope": scope.key,
        **extra,
    }
    return urlencode(params)


@dataclass(frozen=True)
class FigureRow:
    figure: Figure
    value: str
    target: str
    direction: str
    period: str
    rag_text: str
    rag_class: str
    children_href: str


def figure_row(figure: Figure, *, as_of: date, scope: Scope) -> FigureRow:
    rag_text, rag_class = RAG_TAGS[figure.rag]
    href = reverse("indicators:children", args=[figure.indicator.id])
    return FigureRow(
        figure=figure,
        value=value_text(figure),
        target=target_text(figure),
        direction=direction_text(figure.indicator.direction),
        period=period_text(figure),
        rag_text=rag_text,
        rag_class=rag_class,
        children_href=f"{href}?{query_for(as_of, scope)}",
    )


def grouped(rows: list[FigureRow]) -> list[tuple[str, list[FigureRow]]]:
    groups: dict[str, list[FigureRow]] = {}
    for row in rows:
        groups.setdefault(str(row.figure.indicator.area), []).append(row)
    return list(groups.items())


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: str
    x: float
    y: float | None


@dataclass(frozen=True)
class Chart:
    points: list[ChartPoint]
    path: str  # the SVG path through the points with a value
    target_y: float
    top: str  # the value at the top of the y axis
    width: int = 600
    height: int = 200


def trend_chart(points: list[Any], indicator: Any) -> Chart:
    """An SVG line chart's geometry: x by month, y from 0 to 100% (or to the largest value,
    or the target, for counts and averages)."""
    width, height, pad = 600, 200, 10
    values = [p.value for p in points if p.value is not None]
    top = 100.0 if indicator.measure == Measure.PERCENT else max([*values, indicator.target, 1.0])
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def y_for(value: float) -> float:
        return round(height - pad - (height - 2 * pad) * value / top, 1)

    chart_points = []
    for n, point in enumerate(points):
        chart_points.append(
            ChartPoint(
                label=f"{point.on:%b %Y}",
                value=value_text(point.figure),
                x=round(pad + n * step, 1),
                y=None if point.value is None else y_for(point.value),
            )
        )
    drawn = [p for p in chart_points if p.y is not None]
    path = " ".join(f"{'M' if n == 0 else 'L'}{p.x},{p.y}" for n, p in enumerate(drawn))
    unit = "%" if indicator.measure == Measure.PERCENT else f" {indicator.unit}".rstrip()
    return Chart(
        points=chart_points,
        path=path,
        target_y=y_for(min(indicator.target, top)),
        top=f"{top:g}{unit}",
    )


def trend_summary(points: list[Any]) -> str:
    """The chart's text alternative: first and latest values and the direction of travel."""
    known = [p for p in points if p.value is not None]
    if not known:
        return "No data in any month shown."
    first, last = known[0], known[-1]
    return (
        f"From {value_text(first.figure)} at {first.on:%B %Y} to {value_text(last.figure)} at "
        f"{last.on:%B %Y}; lowest {min(p.value for p in known):g}, highest "
        f"{max(p.value for p in known):g}."
    )
