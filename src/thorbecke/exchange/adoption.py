"""How far an organisation has joined the data system, as the hub knows it: for other apps (the
comply-or-explain measurements), so that they need not read the exchange tables or ask the nodes themselves.

The directory says which nodes an organisation announced and which processing activities it registered.
Whether its contracts are valid lives in the nodes: the hub asks its own node, which can see the contracts
the hub is a party to (FSC lets a manager show a peer only the contracts it is party to). One of those is
the grant that lets the hub read an organisation's processing log for "who used my data".
"""

from dataclasses import dataclass

from thorbecke.exchange.federated import HubNode, NotConnected
from thorbecke.exchange.models import DataService, Peer, ProcessingActivity
from thorbecke.node.contracts import CONNECTION, parties
from thorbecke.registry.models import Organisation

LOG_SERVICE = "logboek"


@dataclass(frozen=True)
class Adoption:
    peers: int  # nodes announced in the directory
    services: int  # data services it offers through them
    activities: int  # processing activities in its register (what its processing-log records point at)
    contracts_with_hub: int | None  # valid contracts with the hub's node; None: they could not be asked
    log_open_to_hub: bool | None  # the hub may read its processing log; None: could not be asked
    unasked: str = ""  # why the contracts could not be asked


def adoption(organisation: Organisation) -> Adoption:
    peer_ids = set(Peer.objects.filter(organisation=organisation).values_list("peer_id", flat=True))
    contracts, log_open, unasked = None, None, ""
    if peer_ids:
        try:
            valid = HubNode.configured().valid_contracts()
        except NotConnected as exc:
            unasked = str(exc)
        else:
            contracts = sum(1 for c in valid if parties(c["content"]) & peer_ids)
            log_open = any(
                grant["data"]["service"]["peer_id"] in peer_ids and grant["data"]["service"]["name"] == LOG_SERVICE
                for c in valid
                for grant in c["content"]["grants"]
                if grant["data"]["type"] == CONNECTION
            )
    return Adoption(
        peers=len(peer_ids),
        services=DataService.objects.filter(peer__organisation=organisation).count(),
        activities=ProcessingActivity.objects.filter(organisation=organisation).count(),
        contracts_with_hub=contracts,
        log_open_to_hub=log_open,
        unasked=unasked,
    )


def openapi_urls(organisation: Organisation) -> list[str]:
    """The OpenAPI documents of the data services it offers, as announced in the directory."""
    services = DataService.objects.filter(peer__organisation=organisation).exclude(openapi_url="")
    return sorted(set(services.values_list("openapi_url", flat=True)))
