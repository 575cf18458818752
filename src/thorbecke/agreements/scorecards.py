"""Scorecards: for each organisation, each measured check as a traffic light over all its hosts, from the
latest measurement of each host; and per organisation type, the share that meets each check.

- meets: every host measured passes;
- fails: at least one host fails (a failure is never hidden by hosts that pass or could not be measured);
- explained deviation: it fails, but the programme accepted the organisation's explanation (comply or
  explain), so it is shown apart from the plain failures;
- partly measured: hosts pass, but some could not be measured;
- could not measure: no host could be measured;
- not measured: no measurement yet.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thorbecke.agreements.accessibility_register import SUBJECT as STATEMENTS
from thorbecke.agreements.checks.algorithms import SUBJECT as ALGORITHMS
from thorbecke.agreements.checks.base import FAIL, PASS
from thorbecke.agreements.checks.exchange import SUBJECT
from thorbecke.agreements.models import (
    Agreement,
    Check,
    Declaration,
    Gap,
    GapState,
    Measurement,
    ScorecardDay,
    Status,
)
from thorbecke.registry.models import Organisation

CHECKS = {
    "https-hsts": _("HTTPS and HSTS"),
    "security-headers": _("Security headers"),
    "security-txt": _("security.txt"),
    "tls": _("TLS (NCSC guidelines)"),
    "pq-hybrid": _("Post-quantum key exchange"),
    "spf": _("SPF"),
    "dkim": _("DKIM"),
    "dmarc": _("DMARC"),
    "dnssec": _("DNSSEC"),
    "api-design": _("API Design Rules"),
    "exchange": _("Node in the data system (FSC)"),
    "processing-log": _("Register of processing activities"),
    "accessibility": _("Accessibility (statements)"),
    "algorithm-register": _("Algorithm register"),
}
LIGHTS = {
    "meets": _("meets"),
    "fails": _("fails"),
    "explained": _("explained deviation"),
    "partly": _("partly measured"),
    "error": _("could not measure"),
    "none": _("not measured"),
}


ORDER = {"fails": 0, "error": 1, "explained": 2, "partly": 3, "none": 4, "meets": 5}


@dataclass
class Row:
    organisation: Organisation
    lights: dict[str, str]  # check -> light
    hosts: int
    declared: tuple[int, int] = (0, 0)  # (declared as met, mandatory and not measurable), never a light


def _light(verdicts: list[str]) -> str:
    if not verdicts:
        return "none"
    if FAIL in verdicts:
        return "fails"
    if all(v == PASS for v in verdicts):
        return "meets"
    return "partly" if PASS in verdicts else "error"


def latest_lights() -> dict[int, dict[str, str]]:
    """Per organisation and check, the light over the latest measurement of each of its hosts."""
    verdicts: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows = Measurement.objects.filter(current=True).order_by().values_list("organisation_id", "check_key", "verdict")
    for organisation, check, verdict in rows.iterator(chunk_size=10_000):
        verdicts[organisation][check].append(verdict)
    return {org: {check: _light(found) for check, found in by_check.items()} for org, by_check in verdicts.items()}


def lights_before(moment: datetime, check: str) -> dict[int, str]:
    """Per organisation measured on ``check`` before ``moment``: the light over the latest measurement of each of
    its hosts before that moment (what the scorecard showed then). Measurements are kept as history (``record``),
    so a past month is answered as it was. The newest time per host comes from an index (one grouped query, no
    sort of the history); of two measurements of a host at the same time, the later stored counts."""
    table = Measurement._meta.db_table
    sql = (
        f"SELECT m.id, m.organisation_id, m.host, m.verdict FROM {table} m JOIN ("
        f"  SELECT organisation_id, host, MAX(measured_at) AS latest FROM {table}"
        f"  WHERE check_key = %s AND measured_at < %s GROUP BY organisation_id, host"
        f") newest ON m.organisation_id = newest.organisation_id AND m.host = newest.host"
        f" AND m.measured_at = newest.latest WHERE m.check_key = %s"
    )
    when = Measurement._meta.get_field("measured_at").get_db_prep_value(moment, connection)
    newest: dict[tuple[int, str], tuple[int, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [check, when, check])
        for pk, organisation, host, verdict in cursor.fetchall():
            if (organisation, host) not in newest or newest[(organisation, host)][0] < pk:
                newest[(organisation, host)] = (pk, verdict)
    verdicts: dict[int, list[str]] = defaultdict(list)
    for (organisation, _host), (_pk, verdict) in newest.items():
        verdicts[organisation].append(verdict)
    return {organisation: _light(found) for organisation, found in verdicts.items()}


def _hosts() -> dict[int, int]:
    pairs = Measurement.objects.filter(current=True).exclude(host__in=[SUBJECT, STATEMENTS, ALGORITHMS]).order_by()
    pairs = pairs.values_list("organisation_id", "host").distinct()
    counts: dict[int, int] = defaultdict(int)
    for organisation, _host in pairs.iterator(chunk_size=10_000):
        counts[organisation] += 1
    return counts


def _explained() -> set[tuple[int, str]]:
    """(organisation, check) where a failing mandatory agreement is an accepted, explained deviation."""
    accepted = Gap.objects.filter(state=GapState.ACCEPTED).values_list("organisation_id", "agreement__check_method")
    return set(accepted)


def _declared(organisations: dict[int, Organisation]) -> dict[int, tuple[int, int]]:
    """Per organisation: of the mandatory agreements that apply to it and cannot be measured, how many its
    latest declarations say it meets."""
    today = timezone.localdate()
    agreements = list(Agreement.objects.filter(status=Status.MANDATORY, check_method=Check.DECLARED))
    latest = latest_declarations()
    result = {}
    for pk, organisation in organisations.items():
        applying = [a for a in agreements if a.applies(organisation, today)]
        result[pk] = (sum(latest[(pk, a.pk)].complies for a in applying if (pk, a.pk) in latest), len(applying))
    return result


@dataclass(frozen=True)
class Declared:
    pk: int
    complies: bool


def latest_declarations() -> dict[tuple[int, int], Declared]:
    """(organisation, agreement) -> its latest declaration: only the latest counts."""
    latest: dict[tuple[int, int], Declared] = {}
    rows = Declaration.objects.order_by("-declared_at", "-pk").values_list(
        "organisation_id", "agreement_id", "pk", "complies"
    )
    for organisation, agreement, pk, complies in rows.iterator(chunk_size=10_000):
        latest.setdefault((organisation, agreement), Declared(pk, complies))
    return latest


def scorecards(org_type: str = "") -> list[Row]:
    """One row per organisation with measurements or declarations, worst first."""
    lights = latest_lights()
    hosts = _hosts()
    explained = _explained()
    declaring = set(Declaration.objects.values_list("organisation_id", flat=True).distinct())
    organisations = Organisation.objects.in_bulk(list(set(lights) | declaring))
    if org_type:
        organisations = {pk: o for pk, o in organisations.items() if o.org_type == org_type}
    declared = _declared(organisations)
    result = []
    for pk, organisation in organisations.items():
        by_check = lights.get(pk, {})
        row = {check: by_check.get(check, "none") for check in CHECKS}
        for check, light in row.items():
            if light == "fails" and (pk, check) in explained:
                row[check] = "explained"
        result.append(Row(organisation, row, hosts.get(pk, 0), declared[pk]))
    return sorted(result, key=lambda r: (min(ORDER[light] for light in r.lights.values()), r.organisation.sort_name))


def by_type(rows: list[Row]) -> list[dict]:
    """Per organisation type and check: how many organisations meet it, of those measured."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows:
        for check, light in row.lights.items():
            if light != "none":
                counts[row.organisation.org_type][check][1] += 1
                counts[row.organisation.org_type][check][0] += light == "meets"
    return [
        {"type": org_type, "checks": {check: {"meets": c[0], "measured": c[1]} for check, c in checks.items()}}
        for org_type, checks in sorted(counts.items())
    ]


def for_agreement(agreement: Agreement) -> dict[str, int]:
    """Per standard: how many organisations meet it, fail it or explained why, and how many gaps are open.
    Measured agreements count the latest lights, declared ones the latest declarations."""
    counts = {"meets": 0, "fails": 0, "explained": 0, "error": 0, "partly": 0, "open_gaps": 0}
    if agreement.check_method == Check.DECLARED:
        latest = {org: d.complies for (org, pk), d in latest_declarations().items() if pk == agreement.pk}
        counts["meets"] = sum(latest.values())
        counts["fails"] = len(latest) - counts["meets"]
    else:
        explained = set(agreement.gaps.filter(state=GapState.ACCEPTED).values_list("organisation_id", flat=True))
        for organisation, lights in latest_lights().items():
            light = lights.get(agreement.check_method)
            if light == "fails" and organisation in explained:
                light = "explained"
            if light in counts:
                counts[light] += 1
    counts["open_gaps"] = agreement.gaps.exclude(state__in=[GapState.RESOLVED, GapState.ACCEPTED]).count()
    return counts


def record_day(day: date | None = None) -> int:
    """Keep today's summary per organisation type and check (replacing an earlier one of the same day)."""
    day = day or timezone.localdate()
    found = [
        ScorecardDay(day=day, org_type=group["type"], check_key=check, meets=c["meets"], measured=c["measured"])
        for group in by_type(scorecards())
        for check, c in group["checks"].items()
    ]
    with transaction.atomic():
        ScorecardDay.objects.filter(day=day).delete()
        ScorecardDay.objects.bulk_create(found)
    return len(found)


def trend(org_type: str = "", days: int = 8) -> list[dict]:
    """Per recorded day (the latest ``days``), per check: the share of measured organisations that meet it."""
    recorded = ScorecardDay.objects.filter(org_type=org_type) if org_type else ScorecardDay.objects.all()
    last = sorted(set(recorded.values_list("day", flat=True).order_by("-day").distinct()[:days]))
    totals: dict[date, dict[str, list[int]]] = {d: defaultdict(lambda: [0, 0]) for d in last}
    for day, check, meets, measured in recorded.filter(day__in=last).values_list(
        "day", "check_key", "meets", "measured"
    ):
        totals[day][check][0] += meets
        totals[day][check][1] += measured
    return [
        {"day": day, "checks": {c: {"meets": m, "measured": n} for c, (m, n) in checks.items()}}
        for day, checks in totals.items()
    ]


def as_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["organisation", "name", "type", "hosts", *CHECKS, "declared met", "to declare"])
    for row in rows:
        o = row.organisation
        writer.writerow([o.code, o.name, o.org_type, row.hosts, *(row.lights[c] for c in CHECKS), *row.declared])
    return out.getvalue()


def as_json(rows: list[Row]) -> list[dict]:
    return [
        {"organisation": r.organisation.code, "name": r.organisation.name, "type": r.organisation.org_type,
         "hosts": r.hosts, "checks": r.lights,
         "declared": {"met": r.declared[0], "mandatory": r.declared[1]}}
        for r in rows
    ]  # fmt: skip
