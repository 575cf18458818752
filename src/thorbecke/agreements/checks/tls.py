"""TLS measurements of an organisation's website, judged against the NCSC-NL "ICT-beveiligingsrichtlijnen voor
Transport Layer Security (TLS)", version 2025-05:

- ``tls``: the protocol versions, cipher suites and key-exchange groups the server offers, TLS compression,
  renegotiation and 0-RTT, and the certificate (chain, name, validity, key and signature);
- ``pq-hybrid``: whether the server agrees to a post-quantum hybrid key exchange (X25519MLKEM768 or another
  ML-KEM hybrid).

The guideline rates each setting good, sufficient, phase-out or insufficient. Government websites must be
configured with settings rated sufficient or good (Besluit beveiligde verbinding met overheidswebsites en
-webapplicaties, Stb. 2023-179), so every phase-out or insufficient setting found is a named problem and the
verdict is "fail". As in the web checks, a host that does not resolve, refuses or hangs, or a scan that breaks,
gives "could not measure" with the reason: never a crash, never a false "compliant".

sslyze does the TLS scan. It pins an older `cryptography` than the hub does, so it lives in a virtual
environment of its own (.venv-sslyze) and runs as a subprocess whose JSON output is read here. The hybrid key
exchange is something neither sslyze nor the system's OpenSSL 3.0 can negotiate; pyOpenSSL on the OpenSSL that
ships inside `cryptography` can, so that probe runs in-process.
"""

import json
import os
import re
import select
import socket
import ssl
import subprocess
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from ipaddress import ip_address
from pathlib import Path
from typing import Any

from django.conf import settings
from OpenSSL import SSL

from thorbecke.agreements.checks.base import FAIL, PASS, TIMEOUT, Result, Target, Unmeasurable, reasons

SCAN_TIMEOUT = 180.0  # the whole sslyze scan of one host
GUIDELINE = "NCSC-NL ICT-beveiligingsrichtlijnen voor TLS 2025-05"

GOOD, SUFFICIENT, PHASE_OUT, INSUFFICIENT = "good", "sufficient", "phase-out", "insufficient"
_RANK = {GOOD: 0, SUFFICIENT: 1, PHASE_OUT: 2, INSUFFICIENT: 3}

# Protocol versions as sslyze names its scan results; TLS 1.0 and 1.1 went from phase-out (2021) to
# insufficient in 2025-05.
VERSIONS = {
    "ssl_2_0_cipher_suites": ("SSL 2.0", INSUFFICIENT),
    "ssl_3_0_cipher_suites": ("SSL 3.0", INSUFFICIENT),
    "tls_1_0_cipher_suites": ("TLS 1.0", INSUFFICIENT),
    "tls_1_1_cipher_suites": ("TLS 1.1", INSUFFICIENT),
    "tls_1_2_cipher_suites": ("TLS 1.2", SUFFICIENT),
    "tls_1_3_cipher_suites": ("TLS 1.3", GOOD),
}

TLS13_SUITES = {
    "TLS_AES_256_GCM_SHA384": (GOOD, ""),
    "TLS_CHACHA20_POLY1305_SHA256": (GOOD, ""),
    "TLS_AES_128_GCM_SHA256": (SUFFICIENT, ""),
    "TLS_AES_128_CCM_SHA256": (SUFFICIENT, ""),
    "TLS_AES_128_CCM_8_SHA256": (INSUFFICIENT, "truncated CCM_8 tag"),
}
# Before TLS 1.3 a suite is rated by its weakest part: key exchange, then bulk encryption with its MAC.
KEY_EXCHANGES = {"ECDHE_ECDSA": SUFFICIENT, "ECDHE_RSA": SUFFICIENT, "DHE_RSA": PHASE_OUT}
AEAD = {"AES_256_GCM", "AES_128_GCM", "CHACHA20_POLY1305", "AES_256_CCM", "AES_128_CCM"}
AEAD_PHASE_OUT = {"CAMELLIA_256_GCM", "CAMELLIA_128_GCM", "ARIA_256_GCM", "ARIA_128_GCM"}
CBC = {"AES_256_CBC", "AES_128_CBC", "CAMELLIA_256_CBC", "CAMELLIA_128_CBC", "ARIA_256_CBC", "ARIA_128_CBC"}
MACS = ("SHA384", "SHA256", "SHA", "MD5")

# Named groups for (EC)DHE and for certificate keys; the ML-KEM hybrids are listed for when sslyze reports them.
GROUPS_OK = {"secp256r1", "prime256v1", "secp384r1", "secp521r1", "brainpoolp256r1", "brainpoolp384r1"}
GROUPS_OK |= {"brainpoolp512r1", "x25519", "x448", "x25519mlkem768", "secp256r1mlkem768", "secp384r1mlkem1024"}
GROUPS_PHASE_OUT = {"secp224r1"}
FFDHE_MIN_BITS = 3072  # the named FFDHE groups of 3072 bits and up are phase-out; smaller ones insufficient
RSA_GOOD_BITS, RSA_PHASE_OUT_BITS = 3072, 2048
SIGNATURE_HASHES_OK, SIGNATURE_HASHES_PHASE_OUT = {"sha256", "sha384", "sha512"}, {"sha224"}

HYBRID_GROUPS = b"X25519MLKEM768:SecP256r1MLKEM768:SecP384r1MLKEM1024"


def _worst(levels: Iterable[str]) -> str:
    return max(levels, key=_RANK.__getitem__, default=GOOD)


def cipher_suite_level(name: str) -> tuple[str, str]:
    """The guideline's rating of a cipher suite (IANA name) and, when it falls short, why."""
    if name in TLS13_SUITES:
        return TLS13_SUITES[name]
    if not name.startswith("TLS_") or "_WITH_" not in name:
        return INSUFFICIENT, "not a TLS cipher suite the guideline allows"  # SSL 2.0 and anything unknown
    if "EXPORT" in name:
        return INSUFFICIENT, "export grade"
    exchange, cipher = name[len("TLS_") :].split("_WITH_", 1)
    mac = next((m for m in MACS if cipher.endswith(f"_{m}")), "")
    encryption = cipher[: -len(mac) - 1] if mac else cipher
    parts = [_key_exchange_level(exchange), _encryption_level(encryption, mac)]
    level = _worst(level for level, _ in parts)
    return level, ", ".join(reason for part, reason in parts if part == level and reason)


def _key_exchange_level(exchange: str) -> tuple[str, str]:
    if exchange in KEY_EXCHANGES:
        return KEY_EXCHANGES[exchange], "finite-field DHE" if exchange == "DHE_RSA" else ""
    if "anon" in exchange:
        return INSUFFICIENT, "anonymous, no authentication"
    if exchange in ("RSA", "DH_RSA", "DH_DSS", "ECDH_RSA", "ECDH_ECDSA"):
        return INSUFFICIENT, "static key exchange, no forward secrecy"
    return INSUFFICIENT, f"key exchange {exchange}"


def _encryption_level(encryption: str, mac: str) -> tuple[str, str]:
    if encryption in AEAD:
        return SUFFICIENT, ""
    if encryption in AEAD_PHASE_OUT:
        return PHASE_OUT, encryption.split("_")[0]
    if encryption in CBC:
        if mac in ("SHA256", "SHA384"):
            return PHASE_OUT, "CBC"
        return INSUFFICIENT, "CBC with SHA-1" if mac == "SHA" else f"CBC with {mac or 'no'} MAC"
    if encryption == "NULL":
        return INSUFFICIENT, "no encryption"
    if "3DES" in encryption:
        return INSUFFICIENT, "3DES"
    if encryption.startswith("RC4"):
        return INSUFFICIENT, "RC4"
    if encryption.endswith("CCM_8"):
        return INSUFFICIENT, "truncated CCM_8 tag"
    return INSUFFICIENT, encryption.replace("_", "-")


def group_level(name: str) -> str:
    low = name.lower()
    return SUFFICIENT if low in GROUPS_OK else PHASE_OUT if low in GROUPS_PHASE_OUT else INSUFFICIENT


def _host_port(target: Target) -> str:
    host = target.host
    try:
        if ip_address(host).version == 6:
            host = f"[{host}]"  # sslyze reads host:port, so an IPv6 address needs its brackets
    except ValueError:
        pass
    return f"{host}:{target.https_port}"


def _connect(target: Target) -> socket.socket:
    try:
        with reasons(target.host, TIMEOUT):
            return socket.create_connection((target.host, target.https_port), timeout=TIMEOUT)
    except UnicodeError:
        raise Unmeasurable(f"{target.host} is not a valid host name") from None


def _answers_tls(target: Target) -> None:
    """Raise Unmeasurable unless the server answers a TLS ClientHello within TIMEOUT. sslyze would find out
    too, but only after minutes of retries against a server that hangs."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    context.set_ciphers("ALL:@SECLEVEL=0")  # so that a server offering only old versions still answers
    sock = _connect(target)
    try:
        with context.wrap_socket(sock, server_hostname=target.host):
            pass
    except TimeoutError:
        raise Unmeasurable(f"no answer within {TIMEOUT:g} s") from None
    except (ssl.SSLError, ConnectionResetError):
        pass  # the server answered, if only to refuse this handshake: sslyze will tell what it does accept
    except OSError as exc:
        raise Unmeasurable(f"the connection failed: {exc}") from None
    finally:
        sock.close()


def _run_sslyze(target: Target) -> dict[str, Any]:
    command = Path(settings.SSLYZE)  # the sslyze command of its own virtual environment
    if not command.exists():
        raise Unmeasurable(f"sslyze is not installed (looked for {command})")
    arguments = [str(command), "--json_out=-", "--mozilla_config=disable"]
    arguments += [f"--{version}" for version in ("sslv2", "sslv3", "tlsv1", "tlsv1_1", "tlsv1_2", "tlsv1_3")]
    arguments += ["--elliptic_curves", "--compression", "--reneg", "--early_data", "--certinfo"]
    if target.ca_file:
        arguments.append(f"--certinfo_ca_file={target.ca_file}")
    arguments.append(_host_port(target))
    # sslyze has its own interpreter and libraries: nothing of ours may leak into its import path.
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    try:
        done = subprocess.run(
            arguments, capture_output=True, text=True, timeout=SCAN_TIMEOUT, env=environment, check=False
        )
    except subprocess.TimeoutExpired:
        raise Unmeasurable(f"the TLS scan did not finish within {SCAN_TIMEOUT:g} s") from None
    except OSError as exc:
        raise Unmeasurable(f"sslyze could not run: {exc}") from None
    try:
        # sslyze exits 0 even on a bad command line, so only a parsable report counts as a scan.
        report = json.loads(done.stdout)
        invalid, scans = report["invalid_server_strings"], report["server_scan_results"]
    except (ValueError, KeyError, TypeError):
        lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        raise Unmeasurable(f"sslyze failed: {lines[0] if lines else f'exit status {done.returncode}'}") from None
    if invalid:
        raise Unmeasurable(f"sslyze: {invalid[0].get('error_message', 'invalid server')}")
    if not scans or scans[0].get("connectivity_status") != "COMPLETED":
        trace = (scans[0].get("connectivity_error_trace") or "") if scans else ""
        last = trace.strip().splitlines()[-1] if trace.strip() else "no connectivity"
        quoted = re.search(r'-> "(.*)"', last)
        raise Unmeasurable(f"TLS failed: {quoted.group(1) if quoted else last}")
    return scans[0].get("scan_result") or {}


class _Judgement:
    """Collects findings with the guideline's level; only phase-out and insufficient ones become problems."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.unmeasured: list[str] = []

    def add(self, level: str, text: str) -> None:
        if _RANK[level] >= _RANK[PHASE_OUT]:
            self.problems.append(f"{level}: {text}")

    def outcome(self, scan: dict[str, Any], key: str) -> dict[str, Any] | None:
        part = scan.get(key) or {}
        if part.get("status") == "COMPLETED" and part.get("result") is not None:
            return part["result"]
        self.unmeasured.append(f"{key}: {part.get('error_reason') or 'not scanned'}")
        return None


def check_tls(target: Target, now: datetime | None = None) -> Result:
    result = Result("tls", FAIL, evidence={"guideline": GUIDELINE})
    try:
        _answers_tls(target)
        scan = _run_sslyze(target)
    except Unmeasurable as exc:
        return result.could_not_measure(str(exc))
    judgement = _Judgement()
    evidence = result.evidence
    evidence["protocols"], evidence["cipher_suites"] = _judge_protocols(scan, judgement)
    evidence["groups"] = _judge_groups(scan, judgement)
    evidence.update(_judge_options(scan, judgement))
    evidence["certificate"] = _judge_certificate(scan, target, now or datetime.now(UTC), judgement)
    result.problems = judgement.problems
    if judgement.unmeasured:
        evidence["not_measured"] = judgement.unmeasured
    # Findings stand even when part of the scan failed; without findings, a gap means no verdict at all.
    if judgement.unmeasured and not result.problems:
        return result.could_not_measure(f"part of the TLS scan failed: {judgement.unmeasured[0]}")
    return result.conclude()


def _judge_protocols(scan: dict[str, Any], judgement: _Judgement) -> tuple[list[str], dict[str, list[str]]]:
    offered: list[str] = []
    suites: dict[str, list[str]] = {}
    seen: dict[str, list[str]] = {}  # suite name -> the versions offering it, to name each suite once
    for key, (version, level) in VERSIONS.items():
        outcome = judgement.outcome(scan, key)
        accepted = (outcome or {}).get("accepted_cipher_suites") or []
        if not (outcome or {}).get("is_tls_version_supported") and not accepted:
            continue
        offered.append(version)
        judgement.add(level, f"{version} is offered")
        suites[version] = [entry["cipher_suite"]["name"] for entry in accepted]
        for entry in accepted:
            seen.setdefault(entry["cipher_suite"]["name"], []).append(version)
    for name, versions in seen.items():
        level, reason = cipher_suite_level(name)
        judgement.add(level, f"cipher suite {name}{f' ({reason})' if reason else ''} in {', '.join(versions)}")
    dh_sizes = {
        entry["ephemeral_key"]["size"]
        for key in VERSIONS
        for entry in ((scan.get(key) or {}).get("result") or {}).get("accepted_cipher_suites") or []
        if (entry.get("ephemeral_key") or {}).get("type_name") == "DH"
    }
    for size in sorted(dh_sizes):
        # Only the RFC 7919 groups of 3072 bits and more are phase-out; no DH group is better than that.
        judgement.add(INSUFFICIENT if size < FFDHE_MIN_BITS else PHASE_OUT, f"finite-field DH group of {size} bits")
    return offered, suites


def _judge_groups(scan: dict[str, Any], judgement: _Judgement) -> list[str]:
    names: list[str] = []
    outcome = judgement.outcome(scan, "elliptic_curves")
    for curve in (outcome or {}).get("supported_curves") or []:
        names.append(curve["name"])
    # The curves of the ephemeral keys actually used count too: the curve scan cannot see everything.
    for key in VERSIONS:
        for entry in ((scan.get(key) or {}).get("result") or {}).get("accepted_cipher_suites") or []:
            curve = (entry.get("ephemeral_key") or {}).get("curve_name")
            if curve and curve not in names:
                names.append(curve)
    for name in names:
        judgement.add(group_level(name), f"key-exchange group {name}")
    return names


def _judge_options(scan: dict[str, Any], judgement: _Judgement) -> dict[str, Any]:
    evidence: dict[str, Any] = {}
    compression = judgement.outcome(scan, "tls_compression")
    if compression is not None:
        evidence["compression"] = bool(compression.get("supports_compression"))
        if evidence["compression"]:
            judgement.add(INSUFFICIENT, "TLS compression is enabled")
    renegotiation = judgement.outcome(scan, "session_renegotiation")
    if renegotiation is not None:
        evidence["secure_renegotiation"] = bool(renegotiation.get("supports_secure_renegotiation"))
        evidence["client_renegotiation_unlimited"] = bool(
            renegotiation.get("is_vulnerable_to_client_renegotiation_dos")
        )
        if not evidence["secure_renegotiation"]:
            judgement.add(INSUFFICIENT, "secure renegotiation is not supported")
        if evidence["client_renegotiation_unlimited"]:
            judgement.add(PHASE_OUT, "client-initiated renegotiation is unlimited")
    early = judgement.outcome(scan, "tls_1_3_early_data")
    if early is not None:
        evidence["early_data"] = bool(early.get("supports_early_data"))
        if evidence["early_data"]:
            judgement.add(INSUFFICIENT, "0-RTT early data is accepted")
    return evidence


def _judge_certificate(scan: dict[str, Any], target: Target, now: datetime, judgement: _Judgement) -> dict[str, Any]:
    outcome = judgement.outcome(scan, "certificate_info")
    deployments = (outcome or {}).get("certificate_deployments") or []
    if not deployments:
        if outcome is not None:
            judgement.unmeasured.append("certificate_info: no certificate received")
        return {}
    deployment = deployments[0]
    chain = deployment.get("received_certificate_chain") or []
    if not chain:
        judgement.unmeasured.append("certificate_info: no certificate received")
        return {}
    leaf = chain[0]
    names = (leaf.get("subject_alternative_name") or {}).get("dns_names") or []
    addresses = (leaf.get("subject_alternative_name") or {}).get("ip_addresses") or []
    not_before, not_after = _timestamp(leaf.get("not_valid_before")), _timestamp(leaf.get("not_valid_after"))
    # A CA file given for the target is its trust anchor; otherwise the Mozilla store, which browsers follow.
    store = "Supplied CA file" if target.ca_file else "Mozilla"
    validation = next(
        (v for v in deployment.get("path_validation_results") or [] if v["trust_store"]["name"] == store), None
    )
    evidence: dict[str, Any] = {
        "subject": (leaf.get("subject") or {}).get("rfc4514_string"),
        "issuer": (leaf.get("issuer") or {}).get("rfc4514_string"),
        "names": names + addresses,
        "not_valid_before": leaf.get("not_valid_before"),
        "not_valid_after": leaf.get("not_valid_after"),
        "key": _key_name(leaf.get("public_key") or {}),
        "signature": (leaf.get("signature_algorithm_oid") or {}).get("name"),
        "trust_store": store,
        "verified": bool(validation and validation.get("was_validation_successful")),
        "chain_length": len(chain),
    }
    # The verifier checks chain, name and dates together; when it fails, name what is wrong where we can.
    if not evidence["verified"]:
        explained = False
        if not_after is not None and not_after < now:
            judgement.add(INSUFFICIENT, f"certificate expired on {not_after:%Y-%m-%d}")
            explained = True
        if not_before is not None and not_before > now:
            judgement.add(INSUFFICIENT, f"certificate is not valid until {not_before:%Y-%m-%d}")
            explained = True
        if not _name_matches(target.host, names, addresses):
            judgement.add(INSUFFICIENT, f"certificate is not valid for {target.host}")
            explained = True
        if validation is None:
            judgement.unmeasured.append(f"certificate_info: no validation against the {store} trust store")
        elif not explained:
            error = str(validation.get("validation_error") or "validation failed")
            # cryptography's verifier says "candidates exhausted" when no chain leads to a trusted root.
            reason = f"no chain to a root in the {store} trust store" if "candidates exhausted" in error else error
            judgement.add(INSUFFICIENT, f"certificate is not trusted: {reason}")
    for position, certificate in enumerate(chain):
        if position and certificate.get("subject") == certificate.get("issuer"):
            continue  # a root sent along is not used for anything
        role = "certificate" if position == 0 else "intermediate certificate"
        _judge_key_and_signature(certificate, role, judgement)
    return evidence


def _judge_key_and_signature(certificate: dict[str, Any], role: str, judgement: _Judgement) -> None:
    key = certificate.get("public_key") or {}
    algorithm, size, curve = key.get("algorithm") or "", key.get("key_size") or 0, key.get("ec_curve_name")
    if "RSA" in algorithm:
        level = GOOD if size >= RSA_GOOD_BITS else PHASE_OUT if size >= RSA_PHASE_OUT_BITS else INSUFFICIENT
    elif curve:
        level = group_level(curve)
    elif "Ed25519" in algorithm or "Ed448" in algorithm:
        level = GOOD
    else:
        level = INSUFFICIENT
    judgement.add(level, f"{role} key {_key_name(key)}")
    digest = ((certificate.get("signature_hash_algorithm") or {}).get("name") or "").lower()
    signature = (certificate.get("signature_algorithm_oid") or {}).get("name") or "unknown"
    if not digest and signature.lower().startswith("ed"):
        return  # EdDSA signs without a separate hash
    if digest in SIGNATURE_HASHES_OK:
        return
    judgement.add(
        PHASE_OUT if digest in SIGNATURE_HASHES_PHASE_OUT else INSUFFICIENT, f"{role} signed with {signature}"
    )


def _key_name(key: dict[str, Any]) -> str:
    algorithm = (key.get("algorithm") or "unknown").removesuffix("PublicKey")
    if key.get("ec_curve_name"):
        return f"EC {key['ec_curve_name']}"
    return f"{algorithm}-{key['key_size']}" if key.get("key_size") else algorithm


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _name_matches(host: str, names: list[str], addresses: list[str]) -> bool:
    try:
        return ip_address(host) in {ip_address(a) for a in addresses}
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii").lower().rstrip(".")  # certificates name IDNs in punycode
    except UnicodeError:
        return False
    for name in (n.lower().rstrip(".") for n in names):
        if name == host:
            return True
        # A wildcard covers exactly one leftmost label.
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


def _handshake(target: Target, groups: bytes | None) -> tuple[str | None, str | None]:
    """One handshake with pyOpenSSL; returns the negotiated group and protocol version. Raises Unmeasurable
    when the server cannot be reached, SSL.Error when it answers but refuses the handshake."""
    context = SSL.Context(SSL.TLS_CLIENT_METHOD)
    context.set_verify(SSL.VERIFY_NONE)  # trust is judged by check_tls; this probe is only about key exchange
    if groups is not None:
        context.set_min_proto_version(SSL.TLS1_3_VERSION)  # the hybrids exist in TLS 1.3 only
        # pyOpenSSL has no public call for the groups list; its binding of SSL_CTX_set1_curves_list (OpenSSL's
        # older name for SSL_CTX_set1_groups_list) takes the hybrid names of the bundled OpenSSL.
        if SSL._lib.SSL_CTX_set1_curves_list(context._context, groups) != 1:
            raise Unmeasurable("this OpenSSL does not know the ML-KEM hybrid groups")
    sock = _connect(target)
    try:
        sock.setblocking(False)
        connection = SSL.Connection(context, sock)
        try:
            ip_address(target.host)
        except ValueError:
            connection.set_tlsext_host_name(target.host.encode("idna"))
        connection.set_connect_state()
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                connection.do_handshake()
                break
            except (SSL.WantReadError, SSL.WantWriteError) as wait:
                remaining = deadline - time.monotonic()
                wanted = ([sock], [], []) if isinstance(wait, SSL.WantReadError) else ([], [sock], [])
                if remaining <= 0 or not any(select.select(*wanted, remaining)):
                    raise Unmeasurable(f"no answer within {TIMEOUT:g} s") from None
            except SSL.SysCallError as exc:
                raise SSL.Error([("", "", f"the connection broke: {exc.args[-1]}")]) from None
        return connection.get_group_name(), connection.get_protocol_version_name()
    finally:
        sock.close()


def _ssl_reason(exc: SSL.Error) -> str:
    details = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
    return "; ".join(str(item[-1]) for item in details if item) or str(exc) or type(exc).__name__


def check_pq_hybrid(target: Target) -> Result:
    result = Result("pq-hybrid", FAIL, evidence={"offered": HYBRID_GROUPS.decode().split(":")})
    try:
        group, version = _handshake(target, HYBRID_GROUPS)
    except Unmeasurable as exc:
        return result.could_not_measure(str(exc))
    except SSL.Error as refused:
        # Refusing every hybrid is the expected answer of a server without them; a second handshake with the
        # library's default groups shows what it does negotiate, and that it was a refusal, not a breakdown.
        result.evidence["hybrid_refused"] = _ssl_reason(refused)
        try:
            group, version = _handshake(target, None)
        except Unmeasurable as exc:
            return result.could_not_measure(str(exc))
        except SSL.Error as exc:
            return result.could_not_measure(f"TLS failed: {_ssl_reason(exc)}")
    result.evidence["group"], result.evidence["protocol"] = group, version
    if group and "MLKEM" in group.upper():
        result.verdict = PASS
    else:
        result.problems = [f"no ML-KEM hybrid key exchange: the server negotiated {group or 'no group'} ({version})"]
    return result


TLS_CHECKS = (check_tls, check_pq_hybrid)


def measure_tls(target: Target) -> list[Result]:
    return [check(target) for check in TLS_CHECKS]
