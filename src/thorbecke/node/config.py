"""A node's configuration, read from its JSON file (paths relative to it); the one reader of ``node.json``.

    {"group_id": "thorbecke-demo", "name": "Gemeente Utrecht", "host": "127.0.0.1",
     "manager_port": 8443, "inway_port": 443, "outway_port": 8080, "admin_port": 8081,
     "certificate": "node.pem", "key": "node.key", "pq_key": "mldsa.key",
     "trust_anchors": ["root-g1.pem", "root-g2.pem"], "crls": ["root-g1.crl", "issuing-g1.crl", "root-g2.crl"],
     "services": {"inkomen": {"url": "http://127.0.0.1:9001", "purpose": "https://.../activities/1",
                              "allowed_purposes": ["https://.../activities/7"]}},
     "peers": {"00000001003214345000": "https://127.0.0.1:8444"}, "require_pq": false,
     "directory": {"peer_id": "00000001003214345000", "manager_address": "https://127.0.0.1:8444"}}

A service is either a source system at ``url`` or one the node runs itself (``"builtin"``: ``logboek``,
``cloudevents``, and the demo sources ``brp-personen`` and ``inkomen``, which serve the population dataset
named by ``"population"``). ``purpose`` is the provider's own processing activity; ``allowed_purposes`` are the
consumers' activities the service serves, each bound in the consumer's contract (grant ``properties.purpose``).

``certificate`` may hold the node's certificate followed by its intermediate CAs (as PKIoverheid issues them);
the node presents them in TLS and in its key set. ``trust_anchors`` are the roots the group trusts, ``crls`` a CRL
of every CA that issues (roots and intermediates). A node.json written before there were several anchors names one
``"ca"`` and one ``"crl"``: still read, as a list of one.

``directory`` is the manager the group chose as its FSC directory: the node announces itself there when it starts,
and publishes its services there by contract (directory.py).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509

from thorbecke.node.manager import Service
from thorbecke.node.pki import CRL_REFRESH_SECONDS, oin_of
from thorbecke.node.sources import BUILTIN, POPULATION_SOURCES

FILE_NAME = "node.json"


ADMIN_TOKEN = "admin.token"
ROLES = ("manager", "inway", "outway", "admin")


def write_new(
    folder: Path,
    group_id: str,
    name: str,
    trust: tuple[list[Path], list[Path]],
    ports: dict[str, int],
    *,
    pq_key: str = "",
    services: dict[str, dict[str, str]] | None = None,
    population: Path | None = None,
) -> Path:
    """The node.json of a node newly enrolled (its certificate issued as node.pem and node.key), trusting the
    anchors and reading the CRLs in ``trust``; returns its path."""
    anchors, crls = trust
    config = {
        "group_id": group_id,
        "name": name,
        "certificate": "node.pem",
        "key": "node.key",
        **({"pq_key": pq_key} if pq_key else {}),
        "trust_anchors": [str(anchor) for anchor in anchors],
        "crls": [str(crl) for crl in crls],
        **{f"{role}_port": ports[role] for role in ROLES},
        "services": services or {},
        "peers": {},
        **({"population": str(population)} if population else {}),
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FILE_NAME).write_text(json.dumps(config, indent=2))
    return folder / FILE_NAME


def rewrite(path: Path, change: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """Change a node.json as written (relative paths kept); written only when the change changes something."""
    raw: dict[str, Any] = json.loads(path.read_text())
    changed = change(dict(raw))
    if changed != raw:
        path.write_text(json.dumps(changed, indent=2))
    return changed


def _paths(raw: dict[str, Any], base: Path, key: str, old_key: str) -> list[Path]:
    """A list of files under ``key``, or the one file of a node.json from before (``old_key``)."""
    value = raw.get(key, raw.get(old_key, []))
    return [base / name for name in ([value] if isinstance(value, str) else value)]


@dataclass
class NodeConfig:
    directory: Path
    group_id: str
    name: str
    certificate: Path
    key: Path
    anchors: list[Path]  # the group's trust anchors (root CA certificates)
    crls: list[Path]  # a CRL per issuing CA, roots and intermediates
    host: str = "127.0.0.1"
    manager_port: int = 8443
    inway_port: int = 443
    outway_port: int = 8080
    admin_port: int = 8081
    pq_key: Path | None = None
    services: dict[str, Service] = field(default_factory=dict)
    peers: dict[str, str] = field(default_factory=dict)
    require_pq: bool = False
    event_retry_base: float = 2.0
    event_max_attempts: int = 8
    checkpoint_interval: float = 0.25  # the log's bound: a record is signed within this many seconds
    checkpoint_records: int = 1000  # or within this many records, whichever comes first
    crl_refresh_seconds: float = CRL_REFRESH_SECONDS
    log_database: str = ""  # a PostgreSQL URL at national scale; the default is log.sqlite beside the config
    population: Path | None = None  # what the built-in personal-records and income sources serve
    directory_peer_id: str = ""  # the group's FSC directory: its peer id and manager address ("" for none)
    directory_address: str = ""

    @property
    def admin_token(self) -> Path:
        """The bearer token of the node's admin API, written by the node when it first starts."""
        return self.directory / ADMIN_TOKEN

    @property
    def peer_id(self) -> str:
        return oin_of(x509.load_pem_x509_certificate(self.certificate.read_bytes()))

    @classmethod
    def load(cls, path: Path) -> "NodeConfig":
        try:
            raw: dict[str, Any] = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: cannot read the node configuration: {exc}") from exc
        base = path.parent
        required = ("group_id", "name", "certificate", "key")
        missing = [key for key in required if key not in raw]
        anchors, crls = _paths(raw, base, "trust_anchors", "ca"), _paths(raw, base, "crls", "crl")
        missing += [] if anchors else ["trust_anchors (or ca)"]
        missing += [] if crls else ["crls (or crl)"]
        if missing:
            raise ValueError(f"{path}: missing {', '.join(missing)}")
        services = {}
        for name, service in raw.get("services", {}).items():
            builtin = service.get("builtin", "")
            if builtin and builtin not in BUILTIN:
                raise ValueError(f"{path}: service {name!r}: no built-in service {builtin!r} ({', '.join(BUILTIN)})")
            if not builtin and not str(service.get("url", "")).startswith("http://"):
                raise ValueError(f"{path}: service {name!r} needs an http:// url of its source system, or builtin")
            if builtin in POPULATION_SOURCES and not raw.get("population"):
                raise ValueError(f"{path}: service {name!r} serves a population: name its folder as 'population'")
            allowed = tuple(service.get("allowed_purposes", ()))
            services[name] = Service(name, service.get("url", ""), service.get("purpose", ""), builtin, allowed)
        directory = raw.get("directory") or {}
        if directory and not str(directory.get("manager_address", "")).startswith("https://"):
            raise ValueError(f"{path}: the directory needs a peer_id and an https:// manager_address")
        config = cls(
            directory=base,
            group_id=raw["group_id"],
            name=raw["name"],
            certificate=base / raw["certificate"],
            key=base / raw["key"],
            anchors=anchors,
            crls=crls,
            host=raw.get("host", "127.0.0.1"),
            manager_port=int(raw.get("manager_port", 8443)),
            inway_port=int(raw.get("inway_port", 443)),
            outway_port=int(raw.get("outway_port", 8080)),
            admin_port=int(raw.get("admin_port", 8081)),
            pq_key=base / raw["pq_key"] if raw.get("pq_key") else None,
            services=services,
            peers=dict(raw.get("peers", {})),
            require_pq=bool(raw.get("require_pq", False)),
            event_retry_base=float(raw.get("event_retry_base", 2.0)),
            event_max_attempts=int(raw.get("event_max_attempts", 8)),
            log_database=str(raw.get("log_database", "")),
            checkpoint_interval=float(raw.get("checkpoint_interval", 0.25)),
            checkpoint_records=int(raw.get("checkpoint_records", 1000)),
            crl_refresh_seconds=float(raw.get("crl_refresh_seconds", CRL_REFRESH_SECONDS)),
            population=base / raw["population"] if raw.get("population") else None,
            directory_peer_id=str(directory.get("peer_id", "")),
            directory_address=str(directory.get("manager_address", "")),
        )
        if config.population is not None and not config.population.is_dir():
            raise ValueError(f"{path}: the population {config.population} is not a folder")
        return config
