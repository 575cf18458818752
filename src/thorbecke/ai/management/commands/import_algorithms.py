from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.ai.exchange_format import import_descriptions
from thorbecke.ai.register import DescriptionRefused
from thorbecke.registry.models import Organisation


class Command(BaseCommand):
    help = (
        "Import algorithm descriptions (the Algoritmeregister publication standard's JSON, one object or a list) as "
        "concepts of one organisation; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="The organisation's code, e.g. gm0363.")

    def handle(self, *args: object, file: Path, organisation: str, **options: object) -> None:
        owner = Organisation.objects.filter(code__iexact=organisation).first()
        if owner is None:
            raise CommandError(f"Nothing was imported. No organisation has the code {organisation!r}.")
        try:
            imported = import_descriptions(file.read_bytes(), owner, note=f"Imported from {file.name}")
        except OSError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        except DescriptionRefused as exc:
            raise CommandError("Nothing was imported.\n" + "\n".join(str(p) for p in exc.problems)) from exc
        self.stdout.write(self.style.SUCCESS(f"{len(imported)} algorithm descriptions imported for {owner.name}."))
