from django.core.management.base import BaseCommand

from thorbecke.agreements import dialogue, scorecards


class Command(BaseCommand):
    help = "Open a gap for every failing mandatory agreement, close those met again, escalate overdue ones."

    def handle(self, *args: object, **options: object) -> None:
        counts = dialogue.reconcile()
        counts["escalated"] = dialogue.escalate()
        scorecards.record_day()
        self.stdout.write(self.style.SUCCESS(", ".join(f"{k}: {v}" for k, v in counts.items())))
