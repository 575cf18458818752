from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.steering import periods
from thorbecke.steering.refresh import refresh


class Command(BaseCommand):
    help = "Read the indicators' definitions and compute their observations for the last months (default 12)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=12, help="How many months up to this one.")
        parser.add_argument("--period", action="append", default=[], help="A month (YYYY-MM); may be repeated.")

    def handle(self, *args: object, months: int, period: list[str], **options: object) -> None:
        try:
            wanted = period or periods.last(months)
            done = refresh(wanted, progress=lambda done, total: self.stdout.write(f"\r{done}/{total}", ending=""))
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"\n{done.stored} observations stored for {len(wanted)} months")
        self.stdout.write(f"commitments: {done.opened} gaps opened, {done.resolved} resolved")
