"""How far an organisation has joined the data system, as the hub's directory knows it: for other apps
(the comply-or-explain measurements), so that they need not read the exchange tables themselves."""

from dataclasses import dataclass

from thorbecke.exchange.models import DataService, Peer, ProcessingActivity
from thorbecke.registry.models import Organisation


@dataclass(frozen=True)
class Adoption:
    peers: int  # nodes announced in the directory
    services: int  # data services it offers through them
    activities: int  # processing activities in its register (what its processing-log records point at)


def adoption(organisation: Organisation) -> Adoption:
    return Adoption(
        peers=Peer.objects.filter(organisation=organisation).count(),
        services=DataService.objects.filter(peer__organisation=organisation).count(),
        activities=ProcessingActivity.objects.filter(organisation=organisation).count(),
    )


def openapi_urls(organisation: Organisation) -> list[str]:
    """The OpenAPI documents of the data services it offers, as announced in the directory."""
    services = DataService.objects.filter(peer__organisation=organisation).exclude(openapi_url="")
    return sorted(set(services.values_list("openapi_url", flat=True)))
