"""Print the OpenAPI document of /open311/v2 (committed as docs/api/open311-v2.json):
`thorbecke manage open311_openapi > docs/api/open311-v2.json`."""

from django.core.management.base import BaseCommand

from thorbecke.signals.open311_openapi import document_text


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(document_text(), ending="")
