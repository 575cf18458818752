from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.steering import accountability, definitions, periods
from thorbecke.steering.compute import compute


class Command(BaseCommand):
    help = "Read the indicators' definitions and compute their observations for the last months (default 12)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=12, help="How many months up to this one.")
        parser.add_argument("--period", action="append", default=[], help="A month (YYYY-MM); may be repeated.")

    def handle(self, *args: object, months: int, period: list[str], **options: object) -> None:
        try:
            definitions.sync()
            wanted = period or periods.last(months)
            stored = compute(wanted, progress=lambda done, total: self.stdout.write(f"\r{done}/{total}", ending=""))
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"\n{stored} observations stored for {len(wanted)} months")
        # The commitments are judged on the new figures: a gap opens for one that fell behind (decision 0046).
        reviewed = accountability.review()
        self.stdout.write(f"commitments: {reviewed['opened']} gaps opened, {reviewed['resolved']} resolved")
