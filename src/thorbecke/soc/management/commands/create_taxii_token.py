from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.registry.models import Organisation
from thorbecke.soc.models import ApiToken


class Command(BaseCommand):
    help = "Issue a TAXII 2.1 bearer token acting for one organisation (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="TOOI code, e.g. gm0344")
        parser.add_argument("name", help="What the token is for, e.g. 'MISP of the SOC'")

    def handle(self, *args: object, organisation: str, name: str, **options: object) -> None:
        found = Organisation.objects.filter(code=organisation, end_date__isnull=True).first()
        if found is None:
            raise CommandError(f"No current organisation {organisation!r}.")
        self.stdout.write(ApiToken.issue(found, name))
