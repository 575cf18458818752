"""Matching an assignment to the pool: hard conditions, then a score from the fit of each competence, ranked.

Conditions (a member failing any one is not a match, and is never shown): available during the assignment (their
period overlaps it) for at least its hours per week; in its province, unless it can be done remotely; at least one
language in common; every must-have competence at the level needed or above.

Score, 0 to 100: the mean over the competences the assignment names of 100 when met or above, 100 - 25 per level
short, 0 when missing. A level above the one needed scores no more than met: over-qualification is no extra use to
the work, and ranking it higher would push the pool's most senior people into every list. Ties go to the member
available sooner, then to the one with more hours, then to the one who joined first.

The pool is held as arrays (``pool()``), built once per state of the pool; one match is a few vector operations
over them and an argpartition for the top N, of which alone the explanations are built."""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils.translation import gettext as _

from thorbecke.caches import process_cache
from thorbecke.workforce.competences import framework
from thorbecke.workforce.models import Assignment, PoolMember, PoolVersion
from thorbecke.workforce.models.pools import LANGUAGES

LIMIT = 25  # candidates shown per assignment
SHORT_PENALTY = 25  # points per level short
NO_END = np.iinfo(np.int32).max
LANGUAGE_BIT = {code: 1 << i for i, code in enumerate(LANGUAGES)}


@dataclass(frozen=True)
class Pool:
    ids: np.ndarray  # int64, member ids in ascending order
    levels: np.ndarray  # uint8 [members, competences], 0 when not held, in framework order
    hours: np.ndarray  # int16
    start: np.ndarray  # int32 date ordinal
    until: np.ndarray  # int32 date ordinal, NO_END when open-ended
    region: np.ndarray  # int16 index into regions, -1 unknown
    languages: np.ndarray  # uint16 bitmask of LANGUAGE_BIT
    regions: dict[str, int]
    columns: dict[str, int]  # competence code -> column

    def __len__(self) -> int:
        return len(self.ids)


def pool_changed(**_kwargs: object) -> None:
    if not PoolVersion.objects.filter(pk=1).update(number=F("number") + 1):
        PoolVersion.objects.get_or_create(pk=1)


def _state() -> tuple:
    """The pool's version, and its newest row and change for what bypasses the signals (bulk_create): index
    look-ups only, as this is asked at every match."""
    members = PoolMember.objects
    return (
        PoolVersion.objects.filter(pk=1).values_list("number", flat=True).first(),
        members.order_by("-id").values_list("id", flat=True).first(),
        members.order_by("-updated_at").values_list("updated_at", flat=True).first(),
    )


def _json(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value  # SQLite gives text, PostgreSQL the value


def build() -> Pool:
    columns = {code: i for i, code in enumerate(framework().competences)}
    # The rows straight from the cursor: a model instance or values() per row costs seconds at 100,000 members.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, competences, hours_per_week, available_from, available_until, region, languages "
            f"FROM {PoolMember._meta.db_table} ORDER BY id"
        )
        rows = cursor.fetchall()
    n = len(rows)
    levels = np.zeros((n, len(columns)), np.uint8)
    ids = np.empty(n, np.int64)
    hours = np.empty(n, np.int16)
    start, until = np.empty(n, np.int32), np.full(n, NO_END, np.int32)
    region, languages = np.full(n, -1, np.int16), np.zeros(n, np.uint16)
    regions: dict[str, int] = {}
    for i, (pk, held, h, available_from, available_until, province, spoken) in enumerate(rows):
        ids[i], hours[i], start[i] = pk, h, _day(available_from).toordinal()
        if available_until is not None:
            until[i] = _day(available_until).toordinal()
        region[i] = regions.setdefault(province, len(regions))
        languages[i] = sum(LANGUAGE_BIT.get(code, 0) for code in _json(spoken))
        for code, level in _json(held).items():
            if code in columns:
                levels[i, columns[code]] = level
    return Pool(ids, levels, hours, start, until, region, languages, regions, columns)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


pool = process_cache(version=_state)(build)


@dataclass(frozen=True)
class Fit:
    code: str
    name: str
    need: int
    has: int  # 0 when not held
    must: bool

    @property
    def verdict(self) -> str:
        if self.has == 0:
            return _("missing")
        if self.has == self.need:
            return _("met")
        if self.has > self.need:
            return _("above by %(n)s") % {"n": self.has - self.need}
        return _("short by %(n)s") % {"n": self.need - self.has}

    @property
    def points(self) -> int:
        return points(self.need, self.has)

    def __str__(self) -> str:
        values = {"code": self.code, "name": self.name, "need": self.need, "has": self.has, "verdict": self.verdict}
        if self.has == 0:
            return _("%(code)s %(name)s: needs e-%(need)s, has none - %(verdict)s") % values
        return _("%(code)s %(name)s: needs e-%(need)s, has e-%(has)s - %(verdict)s") % values


def points(need: int, has: int) -> int:
    if has == 0:
        return 0
    return 100 if has >= need else max(0, 100 - SHORT_PENALTY * (need - has))


@dataclass(frozen=True)
class Match:
    member_id: int
    key: str  # the candidate's pseudonym for this assignment
    score: float
    fits: tuple[Fit, ...]


@dataclass(frozen=True)
class Result:
    total: int  # members who meet every condition
    matches: tuple[Match, ...]


def candidate_key(assignment_id: int, member_id: int) -> str:
    """A pseudonym for a member in one assignment's list: stable, not guessable, and unlinkable across
    assignments, so the list shows no member's id."""
    message = f"pool-candidate:{assignment_id}:{member_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


def _ordinal(day: date | None, default: int) -> int:
    return day.toordinal() if day is not None else default


def eligible(found: Pool, assignment: Assignment) -> np.ndarray:
    """The mask of members who meet every hard condition, and at least one of the competences asked for."""
    start = assignment.starts_on.toordinal()
    end = _ordinal(assignment.ends_on, NO_END)
    mask = (found.start <= end) & (found.until >= start) & (found.hours >= assignment.hours_per_week)
    if not assignment.remote:
        mask &= found.region == found.regions.get(assignment.region, -2)
    wanted = sum(LANGUAGE_BIT.get(code, 0) for code in assignment.languages)
    mask &= (found.languages & np.uint16(wanted)) != 0
    meets_one = np.zeros(len(mask), dtype=bool)
    for need in assignment.competences:
        meets = found.levels[:, found.columns[need["code"]]] >= need["level"]
        meets_one |= meets
        if need.get("must"):
            mask &= meets
    # Only who meets at least one competence asked for is a match: an assignment asking for little must not turn
    # the pool into a list of everyone in it.
    return mask & meets_one


def match(assignment: Assignment, limit: int = LIMIT) -> Result:
    found = pool()
    mask = eligible(found, assignment)
    rows = np.flatnonzero(mask)
    if not len(rows):
        return Result(0, ())
    needs = assignment.competences
    held = found.levels[np.ix_(rows, [found.columns[n["code"]] for n in needs])].astype(np.int16)
    need = np.array([n["level"] for n in needs], np.int16)
    per = np.where(held >= need, 100, np.maximum(0, 100 - SHORT_PENALTY * (need - held)))
    per = np.where(held == 0, 0, per)
    tenths = np.rint(per.mean(axis=1) * 10).astype(np.int64)  # the score in tenths, exact for ranking
    delay = np.clip(found.start[rows].astype(np.int64) - assignment.starts_on.toordinal(), 0, 65535)
    key = (tenths << 32) | ((65535 - delay) << 16) | found.hours[rows].astype(np.int64)
    take = min(limit, len(rows))
    top = np.argpartition(-key, take - 1)[:take] if take < len(rows) else np.arange(len(rows))
    top = top[np.lexsort((found.ids[rows[top]], -key[top]))]  # ties: the member who joined first
    names = {c: framework().competences[c].name_en for c in (n["code"] for n in needs)}
    matches = []
    for t in top:
        member_id = int(found.ids[rows[t]])
        fits = tuple(
            Fit(n["code"], names[n["code"]], n["level"], int(held[t, j]), bool(n.get("must")))
            for j, n in enumerate(needs)
        )
        matches.append(Match(member_id, candidate_key(assignment.pk, member_id), tenths[t] / 10, fits))
    return Result(len(rows), tuple(matches))


def candidate(assignment: Assignment, key: str) -> Match | None:
    """The match behind a pseudonym in this assignment's list, only while its member is in it."""
    return next((m for m in match(assignment).matches if hmac.compare_digest(m.key, key)), None)
