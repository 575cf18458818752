from django.core.management.base import BaseCommand

from thorbecke.agreements import dialogue, scorecards
from thorbecke.agreements.checks.algorithms import every_organisation, measure_algorithms


class Command(BaseCommand):
    help = (
        "Read every organisation's registration in the hub's algorithm register as its measurement of the agreement "
        "'Registratie in het Algoritmeregister'; comply or explain then opens the gaps."
    )

    def handle(self, *args: object, **options: object) -> None:
        counts = measure_algorithms(every_organisation())
        gaps = dialogue.reconcile()
        scorecards.record_day()
        self.stdout.write(self.style.SUCCESS(
            f"Algorithm register: {counts['organisations']} organisations measured: {counts['pass']} meet, "
            f"{counts['fail']} fail, {counts['error']} could not be measured. Gaps: {gaps['opened']} opened, "
            f"{gaps['resolved']} resolved."
        ))  # fmt: skip
