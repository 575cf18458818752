import os
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from thorbecke.agreements import dialogue, scorecards
from thorbecke.agreements.checks.algorithms import every_organisation, measure_algorithms
from thorbecke.agreements.checks.exchange import measure_apis, measure_exchange
from thorbecke.agreements.scanning import MEASURES, enqueue, follow, registered_hosts, scan


class Command(BaseCommand):
    help = (
        "Measure organisations' websites (HTTPS, HSTS, headers, security.txt, TLS, post-quantum key exchange), "
        "mail and DNS (SPF, DKIM, DMARC, DNSSEC), OpenAPI documents, data-system adoption and registration in the "
        "algorithm register."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="Only this organisation (TOOI code)")
        parser.add_argument("--workers", type=int, default=4, help="In-process workers (without a Celery broker)")
        parser.add_argument("--resume-hours", type=float, help="Skip hosts measured in the last N hours")
        parser.add_argument(
            "--nice",
            type=int,
            default=19,
            help="Lower the scan's CPU priority by this much (sslyze inherits it), so the hub stays responsive",
        )
        parser.add_argument(
            "--checks",
            default=",".join(MEASURES),
            help=f"Groups of checks per host, comma-separated, of: {', '.join(MEASURES)} (default: all)",
        )

    def handle(
        self,
        *args: object,
        organisation: str | None,
        workers: int,
        resume_hours: float | None,
        checks: str,
        nice: int,
        **o: object,
    ) -> None:
        os.nice(max(0, min(nice, 19)))
        groups = [group.strip() for group in checks.split(",") if group.strip()]
        unknown = sorted(set(groups) - set(MEASURES))
        if unknown or not groups:
            raise CommandError(f"Unknown checks {', '.join(unknown)}; choose from {', '.join(MEASURES)}.")
        hosts = registered_hosts(organisation or "")
        if organisation and not hosts:
            raise CommandError(f"No registered domain for {organisation!r}.")
        since = timezone.now() - timedelta(hours=resume_hours) if resume_hours else None
        if settings.CELERY_BROKER_URL:
            counts = follow(enqueue(hosts, since=since, groups=groups))
        else:
            counts = scan(hosts, workers=max(1, min(workers, 32)), since=since, groups=groups)
        scanned = {org for org, _target in hosts}
        for one in scanned:
            measure_exchange(one)
            measure_apis(one)
        # Every organisation is to register its algorithms, whether or not it has a domain to scan.
        measure_algorithms(scanned if organisation else every_organisation())
        counts |= dialogue.reconcile()
        counts["escalated"] = dialogue.escalate()
        scorecards.record_day()
        self.stdout.write(self.style.SUCCESS(", ".join(f"{k}: {v}" for k, v in counts.items())))
