"""A node's contracts, their signatures, and what it knows of its peers (addresses, certificates, ML-DSA keys),
in one SQLite file: a restarted node knows its contracts."""

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import mldsa

from thorbecke.node import contracts as fsc

_SCHEMA = """
CREATE TABLE IF NOT EXISTS contracts (hash TEXT PRIMARY KEY, iv TEXT UNIQUE, content TEXT NOT NULL,
                                      created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS signatures (hash TEXT NOT NULL, kind TEXT NOT NULL, peer_id TEXT NOT NULL,
                                       jws TEXT NOT NULL, PRIMARY KEY (hash, kind, peer_id));
CREATE TABLE IF NOT EXISTS peers (peer_id TEXT PRIMARY KEY, name TEXT NOT NULL, manager_address TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS certificates (thumbprint TEXT PRIMARY KEY, pem TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pq_keys (peer_id TEXT PRIMARY KEY, public_key TEXT NOT NULL);
"""


@dataclass
class Contract:
    hash: str
    content: dict[str, Any]
    signatures: dict[str, dict[str, str]]

    def state(self) -> str:
        return fsc.state(self.content, self.signatures)

    def as_fsc(self) -> dict[str, Any]:
        return {"content": self.content, "signatures": self.signatures}


class ContractStore:
    def __init__(self, database: Path) -> None:
        database.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._grants: dict[str, tuple[str, dict[str, Any]]] = {}
        self._contracts: dict[str, Contract] = {}
        for (digest,) in self._db.execute("SELECT hash FROM contracts"):
            self._load(digest)

    def _load(self, digest: str) -> Contract | None:
        row = self._db.execute("SELECT content FROM contracts WHERE hash = ?", (digest,)).fetchone()
        if row is None:
            return None
        signatures: dict[str, dict[str, str]] = {"accept": {}, "reject": {}, "revoke": {}}
        for kind, peer_id, jws in self._db.execute(
            "SELECT kind, peer_id, jws FROM signatures WHERE hash = ?", (digest,)
        ):
            signatures[kind][peer_id] = jws
        contract = Contract(digest, json.loads(row[0]), signatures)
        self._contracts[digest] = contract
        for grant in contract.content["grants"]:
            self._grants[fsc.grant_hash(contract.content, grant)] = (digest, grant["data"])
        return contract

    def save(self, content: dict[str, Any], kind: str, peer_id: str, jws: str) -> Contract:
        digest = fsc.content_hash(content)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                known = self._db.execute("SELECT hash FROM contracts WHERE iv = ?", (content["iv"],)).fetchone()
                if known and known[0] != digest:
                    raise fsc.ContractError(fsc.MALFORMED, "another contract already uses this iv")
                self._db.execute(
                    "INSERT OR IGNORE INTO contracts VALUES (?, ?, ?, ?)",
                    (digest, content["iv"], json.dumps(content), content["created_at"]),
                )
                self._db.execute("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?, ?)", (digest, kind, peer_id, jws))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            contract = self._load(digest)
        assert contract is not None
        return contract

    def remember_certificate(self, certificate: x509.Certificate) -> None:
        pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
        self._db.execute(
            "INSERT OR IGNORE INTO certificates VALUES (?, ?)", (fsc.certificate_thumbprint(certificate), pem)
        )

    def remember_pq_key(self, peer_id: str, key: mldsa.MLDSA65PublicKey) -> None:
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self._db.execute("INSERT OR REPLACE INTO pq_keys VALUES (?, ?)", (peer_id, fsc.b64url(raw)))

    def certificate_for(self, thumbprint: str) -> x509.Certificate | None:
        row = self._db.execute("SELECT pem FROM certificates WHERE thumbprint = ?", (thumbprint,)).fetchone()
        return x509.load_pem_x509_certificate(row[0].encode()) if row else None

    def pq_key_for(self, peer_id: str) -> mldsa.MLDSA65PublicKey | None:
        row = self._db.execute("SELECT public_key FROM pq_keys WHERE peer_id = ?", (peer_id,)).fetchone()
        if row is None:
            return None
        return mldsa.MLDSA65PublicKey.from_public_bytes(fsc.unb64url(row[0]))

    def remember_peer(self, peer_id: str, name: str, manager_address: str) -> None:
        """A peer's manager address and name. A name equal to the peer id is a placeholder (the node's configuration
        knows only the id): it never overwrites a name a signed call gave."""
        self._db.execute(
            "INSERT INTO peers VALUES (?, ?, ?) ON CONFLICT (peer_id) DO UPDATE SET"
            " manager_address = excluded.manager_address,"
            " name = CASE WHEN excluded.name = excluded.peer_id THEN peers.name ELSE excluded.name END",
            (peer_id, name, manager_address),
        )

    def peers(self) -> list[dict[str, str]]:
        rows = self._db.execute("SELECT peer_id, name, manager_address FROM peers ORDER BY peer_id").fetchall()
        return [{"id": p, "name": n, "manager_address": a} for p, n, a in rows]

    def manager_address_of(self, peer_id: str) -> str | None:
        row = self._db.execute("SELECT manager_address FROM peers WHERE peer_id = ?", (peer_id,)).fetchone()
        return row[0] if row else None

    def contracts(self) -> list[Contract]:
        return list(self._contracts.values())

    def contract(self, digest: str) -> Contract | None:
        return self._contracts.get(digest)

    def grant(self, grant_hash: str) -> tuple[Contract, dict[str, Any]] | None:
        found = self._grants.get(grant_hash)
        if found is None:
            return None
        return self._contracts[found[0]], found[1]

    def close(self) -> None:
        self._db.close()
