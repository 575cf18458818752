"""The hub asks the data system on a person's behalf, through its own node, under its own contracts.

"Who used my data" asks every organisation that granted the hub access to its processing log
(service ``logboek``) for the person's records, in parallel; there is no central copy of any log.
"What the government holds on you" asks the personal-records sources (service ``brp-personen``).
Each request names the person to the hub's outway, which logs it: asking is processing too.
"""

import dataclasses
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from thorbecke.exchange.enrolment import organisation_for_peer
from thorbecke.exchange.models import ProcessingActivity, activity_uri
from thorbecke.exchange.served_by import ServedBy, served_by
from thorbecke.node.admin_client import AdminClient, call_json
from thorbecke.node.config import NodeConfig
from thorbecke.node.contracts import granted_purpose
from thorbecke.registry.models import Organisation

HUB_ORGANISATION = "rijk-logius"
INSIGHT = "inzage-verwerkingen"
OWN_RECORDS = "inzage-eigen-gegevens"
PROACTIVE = "proactieve-dienstverlening"
_TIMEOUT = 5


class NotConnected(Exception):
    """The hub has no node, so it cannot ask the data system."""


@dataclass(frozen=True)
class Use:
    organisation: Organisation | None
    peer_id: str
    when: dt.datetime
    activity: ProcessingActivity | None
    activity_uri: str
    name: str
    trace_id: str = ""
    # The published algorithms that serve its processing activity (decision 0041).
    algorithms: tuple[ServedBy, ...] = ()


@dataclass
class Answers:
    uses: list[Use] = field(default_factory=list)
    # What the sources did because the person looked at their own data on My page: the same processings, shown
    # apart so a person never reads their own look-up as someone else's use.
    looked: list[Use] = field(default_factory=list)
    records: list[tuple[Organisation | None, dict[str, Any]]] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


class HubNode:
    def __init__(self, config: Path) -> None:
        loaded = NodeConfig.load(config)
        self.folder, self.outway_port = loaded.directory, loaded.outway_port
        self._admin_client = AdminClient.of(loaded, timeout=_TIMEOUT)
        self._peer_id, self._name = loaded.peer_id, loaded.name
        self._manager_address = f"https://{loaded.host}:{loaded.manager_port}"

    @classmethod
    def configured(cls) -> "HubNode":
        if not settings.HUB_NODE or not Path(settings.HUB_NODE).exists():
            raise NotConnected("the hub is not connected to the data system")
        return cls(Path(settings.HUB_NODE))

    def _admin(self, path: str) -> Any:
        """GET from the node's own admin API; NotConnected when it does not answer as it should."""
        try:
            status, answer = self._admin_client.call("GET", path)
        except ConnectionError as exc:
            raise NotConnected(f"the hub's node does not answer: {exc}") from None
        if status != 200:
            raise NotConnected(f"the hub's node answered {status}")
        return answer

    def valid_contracts(self) -> list[dict[str, Any]]:
        """The valid contracts the hub's node is a party to, as its manager keeps them."""
        return [contract for contract in self._admin("/contracts")["contracts"] if contract["state"] == "valid"]

    def directory_services(self) -> list[dict[str, Any]]:
        """The FSC listings (``data``: type, peer, name, protocol, delegator) of the services published by valid
        contract in the group's directory: the hub's own node, which lists them to peers at /v1/services."""
        return [entry["data"] for entry in self._admin("/directory/services")["services"]]

    def directory_peers(self) -> list[dict[str, str]]:
        """The group's peers as the directory knows them (id, name, manager address): from their announcements and
        signed calls; and the directory itself, a peer of the group too (a manager lists only others)."""
        own = {"id": self._peer_id, "name": self._name, "manager_address": self._manager_address}
        return [own, *(p for p in self._admin("/directory/peers")["peers"] if p["id"] != self._peer_id)]

    def inbox(self, after: int) -> list[tuple[int, dict[str, Any]]]:
        """(position, event) of the notifications the hub's node received after a position."""
        answer = self._admin(f"/events/inbox?after={int(after)}")
        return [(int(item["position"]), item["event"]) for item in answer["events"]]

    @property
    def peer_id(self) -> str:
        return self._peer_id

    def own_log(self, bsn: str) -> list[dict[str, Any]]:
        """The hub node's own processing-log records of a person: its own log, so no contract is needed."""
        return list(self._admin(f"/log/subject?id={bsn}")["records"])

    def grants(self, service: str, purpose: str) -> list[tuple[str, str]]:
        """(grant hash, providing peer): per peer, one valid grant that lets the hub use this service for this
        purpose. A grant that binds the purpose (FSC grant properties) comes first; one that binds none only serves a
        service that asks none, so it is the fallback (a contract from before purposes were bound, say)."""
        bound: dict[str, str] = {}
        unbound: dict[str, str] = {}
        for contract in self.valid_contracts():
            for grant, grant_hash in zip(contract["content"]["grants"], contract["grant_hashes"], strict=True):
                data = grant["data"]
                if data["type"] != "GRANT_TYPE_SERVICE_CONNECTION" or data["service"]["name"] != service:
                    continue
                granted = granted_purpose(data.get("properties"))
                if granted in (purpose, ""):
                    (bound if granted else unbound).setdefault(data["service"]["peer_id"], grant_hash)
        return [(grant_hash, peer) for peer, grant_hash in (unbound | bound).items()]

    def ask(self, grant_hash: str, path: str, bsn: str, purpose: str, payload: Any) -> tuple[int, Any]:
        # The purpose travels in the contract; the header names it to the hub's own outway for its log where a grant
        # binds none, and a provider refuses it when it differs from the contract's.
        headers = {"Fsc-Grant-Hash": grant_hash, "Thorbecke-Data-Subject": f"BSN:{bsn}", "Thorbecke-Purpose": purpose}
        return call_json(self.outway_port, "POST", path, headers, payload, _TIMEOUT)


def _ask_all(
    node: HubNode, bsn: str, service: str, path: str, purpose: str, payload: Any
) -> tuple[list[tuple[str, Any]], list[str]]:
    grants = node.grants(service, purpose)
    answers: list[tuple[str, Any]] = []
    unreachable: list[str] = []

    def one(grant: tuple[str, str]) -> tuple[str, int, Any]:
        try:
            status, answer = node.ask(grant[0], path, bsn, purpose, payload)
        except ConnectionError:
            return grant[1], 0, None
        return grant[1], status, answer

    with ThreadPoolExecutor(max_workers=8) as pool:
        for peer_id, status, answer in pool.map(one, grants):
            if status == 200:
                answers.append((peer_id, answer))
            else:
                unreachable.append(peer_id)
    return answers, unreachable


def who_used(bsn: str) -> Answers:
    """Every processing of this person's data that the connected organisations logged, newest first."""
    node = HubNode.configured()
    answers, unreachable = _ask_all(
        node,
        bsn,
        "logboek",
        "/processing-activities",
        activity_uri(HUB_ORGANISATION, INSIGHT),
        {"dpl.core.data_subject_id": bsn, "dpl.core.data_subject_id_type": "BSN"},
    )
    activities = {a.uri: a for a in ProcessingActivity.objects.select_related("organisation")}
    result = Answers(unreachable=_names(unreachable))
    for peer_id, answer in answers:
        organisation = organisation_for_peer(peer_id)
        for item in answer.get("processingActivities", []):
            uri = str(item.get("attributes", {}).get("dpl.core.processing_activity_id", ""))
            when = dt.datetime.fromtimestamp(int(item["startTime"]) / 1000, tz=dt.UTC)
            use = Use(organisation, peer_id, when, activities.get(uri), uri, str(item.get("name", "")))
            result.uses.append(dataclasses.replace(use, trace_id=str(item.get("traceId", ""))))
    # The hub's own processings (a life event it received, say), from its own log. What it did at the person's own
    # request, asking on this page, is not a use of its own; the sources' side of it, which shares its trace, is
    # shown apart as the person's own looking.
    hub = Organisation.objects.filter(code=HUB_ORGANISATION).first()
    on_request = {activity_uri(HUB_ORGANISATION, INSIGHT), activity_uri(HUB_ORGANISATION, OWN_RECORDS)}
    asked_by_person: set[str] = set()
    try:
        own, peer_id = node.own_log(bsn), node.peer_id
        for record in own:
            uri = str(record["attributes"].get("dpl.core.processing_activity_id", ""))
            if uri in on_request:
                asked_by_person.add(str(record["trace_id"]))
                continue
            when = dt.datetime.fromtimestamp(int(record["start_time"]) / 1000, tz=dt.UTC)
            result.uses.append(Use(hub, peer_id, when, activities.get(uri), uri, str(record["name"])))
    except NotConnected:
        result.unreachable.append(hub.name if hub else HUB_ORGANISATION)
    result.uses = _one_per_processing(result.uses)
    result.looked = [use for use in result.uses if use.trace_id in asked_by_person]
    result.uses = [use for use in result.uses if use.trace_id not in asked_by_person]
    result.uses.sort(key=lambda use: use.when, reverse=True)
    result.looked.sort(key=lambda use: use.when, reverse=True)
    served = served_by(use.activity.pk for use in result.uses if use.activity)
    result.uses = [
        dataclasses.replace(use, algorithms=served.get(use.activity.pk, ())) if use.activity else use
        for use in result.uses
    ]
    return result


def _one_per_processing(uses: list[Use]) -> list[Use]:
    """One use per processing: a node logs one call in several records (the source's, the inway's per person, the
    outcome: decision 0023), all in the call's trace, and a person must see it once."""
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for use in sorted(uses, key=lambda use: use.when):
        key = (use.peer_id, use.trace_id, use.activity_uri)
        if use.trace_id and key in seen:
            continue
        seen.add(key)
        unique.append(use)
    return unique


def records_held(bsn: str) -> Answers:
    """The person's records at the personal-records sources, as those sources hold them."""
    fields = ["naam", "geboorte", "verblijfplaats", "gemeenteVanInschrijving"]
    question = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [bsn], "fields": fields}
    answers, unreachable = _ask_all(
        HubNode.configured(), bsn, "brp-personen", "/personen", activity_uri(HUB_ORGANISATION, OWN_RECORDS), question
    )
    result = Answers(unreachable=_names(unreachable))
    for peer_id, answer in answers:
        for person in answer.get("personen", []):
            result.records.append((organisation_for_peer(peer_id), person))
    return result


def _names(peers: list[str]) -> list[str]:
    return [organisation.name if (organisation := organisation_for_peer(p)) else p for p in peers]
