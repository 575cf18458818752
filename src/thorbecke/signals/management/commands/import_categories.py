from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.registry.sources import SourceError
from thorbecke.signals.categories import import_categories


class Command(BaseCommand):
    help = "Load the categories of reports in public space (Signalen) with the layer that handles each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=settings.SHARED_DATA_DIR)

    def handle(self, *args: object, data_dir: Path, **options: object) -> None:
        try:
            count = import_categories(data_dir)
        except SourceError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Categories: {count}"))
