from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.agreements.catalogue import import_agreements


class Command(BaseCommand):
    help = "Load the agreed standards and building blocks from the shared data (adds what is new)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=settings.SHARED_DATA_DIR)

    def handle(self, *args: object, data_dir: Path, **options: object) -> None:
        try:
            added = import_agreements(data_dir)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Agreements: {added} new"))
