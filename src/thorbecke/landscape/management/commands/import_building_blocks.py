from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.landscape.building_blocks import import_building_blocks
from thorbecke.landscape.catalog import CatalogError


class Command(BaseCommand):
    help = "Load the national building blocks (GDI provisions, DigiD, the BRP, ...) as shared landscape entities."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=settings.SHARED_DATA_DIR)

    def handle(self, *args: object, data_dir: Path, **options: object) -> None:
        try:
            result = import_building_blocks(data_dir)
        except (CatalogError, OSError, KeyError) as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Building blocks: {result.created} new, {result.updated} updated"))
