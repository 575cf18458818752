import secrets

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.signals.models import ApiKey
from thorbecke.signals.open311 import hash_key


class Command(BaseCommand):
    help = "Create an api_key for an Open311 client that posts service requests; the key is shown once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Who uses the key, e.g. 'app of gemeente Utrecht'.")

    def handle(self, *args: object, name: str, **options: object) -> None:
        if ApiKey.objects.filter(name=name).exists():
            raise CommandError(f"a key named {name!r} exists already")
        key = secrets.token_urlsafe(24)
        ApiKey.objects.create(name=name, key_hash=hash_key(key))
        self.stdout.write(key)
