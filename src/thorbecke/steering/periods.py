"""Periods are calendar months, written ``YYYY-MM``; an observation of a period is the value at its end."""

import re
from datetime import date, datetime

from django.utils import timezone

PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse(period: str) -> tuple[int, int]:
    match = PATTERN.match(period or "")
    if not match:
        raise ValueError(f"{period!r} is not a month written as YYYY-MM")
    return int(match[1]), int(match[2])


def of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift(period: str, months: int) -> str:
    year, month = parse(period)
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def end(period: str) -> datetime:
    """The first instant after the period, in the hub's time zone: what the source knew before it is the value."""
    year, month = parse(shift(period, 1))
    return timezone.make_aware(datetime(year, month, 1))


def last(count: int, today: date | None = None) -> list[str]:
    """The ``count`` months up to and including this one, oldest first."""
    current = of(today or timezone.localdate())
    return [shift(current, -n) for n in range(count - 1, -1, -1)]
