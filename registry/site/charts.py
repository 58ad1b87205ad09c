"""Chart geometry for the statistics pages, drawn server-side as SVG (no chart library, no JavaScript).

Functions here only turn numbers into shapes; the numbers come from registry.queries.statistics. Colours are
CSS classes (`series-N`) so the stylesheet, not inline styles, decides them (the CSP forbids inline styles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

COLUMN_WIDTH = 10
COLUMN_GAP = 2
# Labels under a column chart's axis; more would not fit a phone.
AXIS_TICKS = 5
PLOT_HEIGHT = 100


@dataclass
class BarRow:
    label: str
    value: int
    percent: float
    url: str = ""


def bar_rows(rows: Sequence[tuple[str, int] | tuple[str, int, str]]) -> list[BarRow]:
    """Horizontal bars as rows of (label, value, width in percent of the largest value)."""
    largest = max((row[1] for row in rows), default=0) or 1
    return [
        BarRow(label=row[0], value=row[1], percent=round(row[1] * 100 / largest, 2), url=row[2] if len(row) > 2 else "")
        for row in rows
    ]


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str


@dataclass
class ColumnChart:
    view_box: str
    rects: list[Rect] = field(default_factory=list)
    max_value: int = 0
    ticks: list[str] = field(default_factory=list)  # labels under the axis, evenly spaced from first to last
    legend: list[tuple[str, str]] = field(default_factory=list)


def columns(points: Sequence[tuple[str, Sequence[int]]], series_labels: Sequence[str] = ("",)) -> ColumnChart:
    """Vertical (stacked) columns, one per point; each point carries one value per series."""
    largest = max((sum(values) for _, values in points), default=0) or 1
    step = COLUMN_WIDTH + COLUMN_GAP
    chart = ColumnChart(
        view_box=f"0 0 {max(len(points) * step, step)} {PLOT_HEIGHT}",
        max_value=max((sum(values) for _, values in points), default=0),
        ticks=_ticks([label for label, _ in points]),
        legend=[(f"series-{i}", label) for i, label in enumerate(series_labels)] if len(series_labels) > 1 else [],
    )
    for i, (label, values) in enumerate(points):
        bottom = PLOT_HEIGHT
        for s, value in enumerate(values):
            if not value:
                continue
            height = value * PLOT_HEIGHT / largest
            bottom -= height
            series = f"{series_labels[s]}: " if len(series_labels) > 1 else ""
            chart.rects.append(
                Rect(
                    x=i * step,
                    y=round(bottom, 3),
                    width=COLUMN_WIDTH,
                    height=round(height, 3),
                    css_class=f"series-{s}",
                    title=f"{label} — {series}{value}",
                )
            )
    return chart


def _ticks(labels: Sequence[str], most: int = AXIS_TICKS) -> list[str]:
    """At most `most` labels, evenly spaced and always the first and the last, so a row of them spread across
    the axis stands under its columns (the points are evenly spaced too)."""
    if len(labels) <= most:
        return list(labels)
    return [labels[round(k * (len(labels) - 1) / (most - 1))] for k in range(most)]
