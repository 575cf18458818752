"""The dashboard's charts as geometry for SVG drawn by the hub: a trend line per month and bars per area, with a
target line where a target is set. No JavaScript; each chart has the same numbers in a table beside it.

Every coordinate leaves here as a string Python wrote ("12.5"), never as a number for a template to format: in
Dutch the template would write "12,5" and break the drawing (web/templatetags/numbers.py). A value that is None is
"no data": a gap in the line and a bar that says so, never a 0.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from thorbecke.steering.indicators import Unit

WIDTH = 480.0
HEIGHT = 200.0
LEFT, RIGHT, TOP, BOTTOM = 56.0, 12.0, 12.0, 28.0  # room for the value axis's labels and the months'
BAR_HEIGHT = 18.0
BAR_GAP = 8.0
BAR_LABEL = 200.0  # room for an area's name left of its bar
BAR_VALUE = 90.0  # room for the figure right of the bar


def _s(number: float) -> str:
    """A coordinate for markup: one decimal at most, a point for the decimal, never localised."""
    return f"{number:.1f}".removesuffix(".0")


def top_of(values: Sequence[float | None], unit: str, target: float | None = None) -> float:
    """The value at the top of the scale: 100% for a share; otherwise the largest value (or target) rounded up to
    1, 2 or 5 times a power of ten, so the axis reads in round numbers. At least 1: an all-zero chart has a scale."""
    if unit == Unit.SHARE:
        return 1.0
    largest = max([v for v in values if v is not None] + ([target] if target is not None else []), default=0.0)
    if largest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 5, 10):
        if largest <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always ends at 10


@dataclass(frozen=True)
class Point:
    period: str
    value: float | None
    x: str
    y: str  # empty for no data


@dataclass(frozen=True)
class Trend:
    width: str
    height: str
    view_box: str
    segments: list[str]  # polyline points, one run of months with data each
    points: list[Point]
    top: float  # the value the top of the scale stands for (for its label)
    top_y: str
    base_y: str
    plot_left: str
    plot_right: str
    target_y: str  # empty when no target is set
    first_period: str
    last_period: str


def trend(series: Sequence[tuple[str, float | None]], unit: str, target: float | None = None) -> Trend:
    """A line through the months' values, left (oldest) to right; a month without data breaks the line."""
    values = [value for _period, value in series]
    top = top_of(values, unit, target)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / (len(series) - 1) if len(series) > 1 else 0.0

    def y_of(value: float) -> float:
        return TOP + plot_height * (1 - min(max(value / top, 0.0), 1.0))

    points, segments, run = [], [], []
    for index, (period, value) in enumerate(series):
        x = LEFT + (step * index if len(series) > 1 else plot_width / 2)
        if value is None:
            points.append(Point(period, None, _s(x), ""))
            if run:
                segments.append(" ".join(run))
            run = []
            continue
        y = y_of(value)
        points.append(Point(period, value, _s(x), _s(y)))
        run.append(f"{_s(x)},{_s(y)}")
    if run:
        segments.append(" ".join(run))
    return Trend(
        width=_s(WIDTH),
        height=_s(HEIGHT),
        view_box=f"0 0 {_s(WIDTH)} {_s(HEIGHT)}",
        segments=[s for s in segments if " " in s],  # a lone month is drawn as its dot only
        points=points,
        top=top,
        top_y=_s(TOP),
        base_y=_s(TOP + plot_height),
        plot_left=_s(LEFT),
        plot_right=_s(WIDTH - RIGHT),
        target_y=_s(y_of(target)) if target is not None else "",
        first_period=series[0][0] if series else "",
        last_period=series[-1][0] if series else "",
    )


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: float | None
    y: str
    text_y: str
    width: str  # "0" for no data
    end_x: str  # where the figure is written, right of the bar


@dataclass(frozen=True)
class Bars:
    width: str
    height: str
    view_box: str
    bars: list[Bar]
    bar_height: str
    bar_left: str
    target_x: str  # empty when no target is set


def bars(items: Sequence[tuple[str, str, float | None]], unit: str, target: float | None = None) -> Bars:
    """One horizontal bar per (key, label, value), in the order given, on one scale from 0."""
    top = top_of([value for _k, _l, value in items], unit, target)
    span = WIDTH - BAR_LABEL - BAR_VALUE
    height = max(len(items), 1) * (BAR_HEIGHT + BAR_GAP)
    rows = []
    for index, (key, label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + BAR_GAP) + BAR_GAP / 2
        length = 0.0 if value is None else span * min(max(value / top, 0.0), 1.0)
        rows.append(
            Bar(
                key=key,
                label=label,
                value=value,
                y=_s(y),
                text_y=_s(y + BAR_HEIGHT * 0.75),
                width=_s(length),
                end_x=_s(BAR_LABEL + length + 6),
            )
        )
    return Bars(
        width=_s(WIDTH),
        height=_s(height),
        view_box=f"0 0 {_s(WIDTH)} {_s(height)}",
        bars=rows,
        bar_height=_s(BAR_HEIGHT),
        bar_left=_s(BAR_LABEL),
        target_x=_s(BAR_LABEL + span * min(max(target / top, 0.0), 1.0)) if target is not None else "",
    )
