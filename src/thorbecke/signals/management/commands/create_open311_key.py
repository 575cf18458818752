import secrets

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thorbecke.signals.models import ADDRESS_PER_MINUTE, ApiKey
from thorbecke.signals.open311 import hash_key


class Command(BaseCommand):
    help = "Create an api_key for an Open311 client that posts service requests; the key is shown once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Who uses the key, e.g. 'app of gemeente Utrecht'.")
        parser.add_argument("--per-minute", type=int, default=600, help="Posts accepted per minute (default 600).")
        parser.add_argument(
            "--per-address",
            type=int,
            default=ADDRESS_PER_MINUTE,
            help=f"Posts accepted per minute from one client address (default {ADDRESS_PER_MINUTE}); raise it for a "
            "server that posts for many people from one address.",
        )

    def handle(self, *args: object, name: str, per_minute: int, per_address: int, **options: object) -> None:
        if per_minute < 1 or per_address < 1:
            raise CommandError("--per-minute and --per-address must be at least 1")
        if ApiKey.objects.filter(name=name).exists():
            raise CommandError(f"a key named {name!r} exists already")
        key = secrets.token_urlsafe(24)
        ApiKey.objects.create(name=name, key_hash=hash_key(key), per_minute=per_minute, per_address=per_address)
        self.stdout.write(key)
