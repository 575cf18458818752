from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.registry.sources import SourceError
from thorbecke.services.catalogue import import_catalogue


class Command(BaseCommand):
    help = "Load the product catalogue (UPL) with the curated plain-language texts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=settings.SHARED_DATA_DIR)

    def handle(self, *args: object, data_dir: Path, **options: object) -> None:
        try:
            run = import_catalogue(data_dir, progress=lambda message: self.stdout.write(message))
        except SourceError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Products: {run.created} created, {run.updated} updated, {run.withdrawn} withdrawn, "
                f"{run.unchanged} unchanged; {run.with_texts} with plain-language texts."
            )
        )
