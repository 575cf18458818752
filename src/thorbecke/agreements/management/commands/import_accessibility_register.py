from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.agreements import dialogue, scorecards
from thorbecke.agreements.accessibility_register import REGISTER_FILE, import_register
from thorbecke.registry.sources import SourceError


class Command(BaseCommand):
    help = (
        "Read the register of accessibility statements as the Digitoegankelijk agreement's measurement, dated with "
        "the register's date; comply or explain then opens the gaps."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=Path(settings.SHARED_DATA_DIR) / REGISTER_FILE)

    def handle(self, *args: object, file: Path, **options: object) -> None:
        try:
            figures = import_register(file)
        except SourceError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        gaps = dialogue.reconcile()
        scorecards.record_day()
        matched = figures["matched by name"] + figures["matched by domain"]
        self.stdout.write(self.style.SUCCESS(
            f"Accessibility statements: {figures['statements']} statements of {figures['register organisations']} "
            f"organisations; {matched} matched ({figures['matched by name']} by name, {figures['matched by domain']} "
            f"by website), {figures['unmatched']} not matched, {figures['without organisation']} statements without "
            f"an organisation. {figures['organisations']} organisations measured: {figures['meets']} meet, "
            f"{figures['fails']} fail. Gaps: {gaps['opened']} opened, {gaps['resolved']} resolved."
        ))  # fmt: skip
