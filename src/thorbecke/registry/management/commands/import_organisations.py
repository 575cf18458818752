from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.registry.importer import import_organisations
from thorbecke.registry.sources import SourceError


class Command(BaseCommand):
    help = "Load the register of government organisations from the TOOI lists and the domain-name list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.SHARED_DATA_DIR,
            help="Folder with the source files (default: %(default)s).",
        )

    def handle(self, *args: object, data_dir: Path, **options: object) -> None:
        try:
            run = import_organisations(data_dir, progress=lambda message: self.stdout.write(message))
        except SourceError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Organisations: {run.created} created, {run.updated} updated, {run.ended} ended, "
                f"{run.unchanged} unchanged. Domains: {run.domains_linked} linked, "
                f"{len(run.domains_unmatched)} not matched to an organisation in the register."
            )
        )
