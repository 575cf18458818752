"""A real authoritative DNS server for the mail and DNSSEC tests: UDP and TCP on 127.0.0.1 on a free port,
serving zones built with dnspython, some signed with DNSSEC keys made in the test. Nothing leaves the machine.

It answers like an authoritative server: the answer with its RRSIGs when the query sets DO, NODATA for an
empty non-terminal (RFC 8020), NXDOMAIN for a name that does not exist, a DS query at a zone cut from the
parent zone, REFUSED for a name outside its zones, and TC over UDP when the answer does not fit, so the
client retries over TCP. Denial of existence carries the SOA but no NSEC proof: the checks under test do
not read one.
"""

import socket
import socketserver
import threading
import time

import dns.dnssec
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdatatype
import dns.rrset
import dns.zone
from cryptography.hazmat.primitives.asymmetric import ec

SOA_AND_NS = "$TTL 300\n@ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 300\n@ IN NS ns.test.\n"


def txt(value: str) -> str:
    """A TXT value as zone-file text, in strings of at most 255 bytes (RFC 1035)."""
    chunks = [value[i : i + 255] for i in range(0, len(value), 255)] or [""]
    return " ".join('"' + chunk.replace("\\", "\\\\").replace('"', '\\"') + '"' for chunk in chunks)


def make_zone(origin: str, records: str = "") -> dns.zone.Zone:
    """A zone with an SOA and NS at its apex plus the given zone-file lines (names relative to origin)."""
    return dns.zone.from_text(SOA_AND_NS + records, origin=origin, relativize=False)


def make_key() -> tuple[ec.EllipticCurvePrivateKey, dns.rdata.Rdata]:
    """An ECDSA P-256 key (algorithm 13), flagged as a key-signing key so one key signs the whole zone."""
    private = ec.generate_private_key(ec.SECP256R1())
    dnskey = dns.dnssec.make_dnskey(
        private.public_key(), dns.dnssec.Algorithm.ECDSAP256SHA256, flags=dns.dnssec.Flag.ZONE | dns.dnssec.Flag.SEP
    )
    return private, dnskey


def sign(
    zone: dns.zone.Zone, key: tuple[ec.EllipticCurvePrivateKey, dns.rdata.Rdata], days: tuple[float, float] = (-1, 30)
) -> None:
    """Sign in place, valid from days[0] to days[1] relative to now (both negative: expired)."""
    now = time.time()
    dns.dnssec.sign_zone(zone, keys=[key], inception=int(now + days[0] * 86400), expiration=int(now + days[1] * 86400))


def ds_text(origin: str, dnskey: dns.rdata.Rdata) -> str:
    return dns.dnssec.make_ds(origin, dnskey, "SHA256").to_text()


class AuthoritativeServer:
    def __init__(self, zones: list[dns.zone.Zone]) -> None:
        self.zones = {zone.origin: zone for zone in zones}
        self.queries: list[tuple[str, str, str]] = []  # (transport, name, type), to see what was asked
        self._servers: list[socketserver.BaseServer] = []
        self.port = 0

    # --- answering ---

    def _zone_for(self, qname: dns.name.Name, qtype: int) -> dns.zone.Zone | None:
        candidates = [origin for origin in self.zones if qname.is_subdomain(origin)]
        if qtype == dns.rdatatype.DS:
            # The DS of a zone lives in its parent (RFC 4035 3.1.4.1): skip the zone whose apex was asked.
            candidates = [origin for origin in candidates if origin != qname] or candidates
        if not candidates:
            return None
        return self.zones[max(candidates, key=len)]

    @staticmethod
    def _add(
        section: list[dns.rrset.RRset], zone: dns.zone.Zone, name: dns.name.Name, rdtype: int, dnssec: bool
    ) -> bool:
        node = zone.get_node(name)
        rdataset = node.get_rdataset(zone.rdclass, rdtype) if node else None
        if rdataset is None:
            return False
        section.append(dns.rrset.from_rdata_list(name, rdataset.ttl, list(rdataset)))
        signatures = node.get_rdataset(zone.rdclass, dns.rdatatype.RRSIG, rdtype)
        if dnssec and signatures is not None:
            rrsig = dns.rrset.RRset(name, zone.rdclass, dns.rdatatype.RRSIG, rdtype)
            rrsig.update(signatures)
            section.append(rrsig)
        return True

    def _answer_following_aliases(
        self, response: dns.message.Message, zone: dns.zone.Zone, name: dns.name.Name, rdtype: int, dnssec: bool
    ) -> bool:
        """The records asked for; a CNAME instead is answered and followed inside the zone, as servers do."""
        for _ in range(8):
            if self._add(response.answer, zone, name, rdtype, dnssec):
                return True
            node = zone.get_node(name)
            alias = node.get_rdataset(zone.rdclass, dns.rdatatype.CNAME) if node else None
            if alias is None or rdtype == dns.rdatatype.CNAME:
                return bool(response.answer)
            self._add(response.answer, zone, name, dns.rdatatype.CNAME, dnssec)
            name = alias[0].target
            if not name.is_subdomain(zone.origin):
                return True  # the resolver follows it elsewhere
        return True

    def answer(self, wire: bytes, limit: int | None) -> bytes | None:
        try:
            query = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if len(query.question) != 1:
            response.set_rcode(dns.rcode.FORMERR)
            return response.to_wire()
        qname, qtype = query.question[0].name, query.question[0].rdtype
        self.queries.append(("udp" if limit else "tcp", qname.to_text(), dns.rdatatype.to_text(qtype)))
        dnssec = bool(query.ednsflags & dns.flags.DO)
        zone = self._zone_for(qname, qtype)
        if zone is None:
            response.set_rcode(dns.rcode.REFUSED)
        elif not self._answer_following_aliases(response, zone, qname, qtype, dnssec):
            exists = zone.get_node(qname) is not None or any(
                name != qname and name.is_subdomain(qname) for name in zone.nodes
            )  # an empty non-terminal exists: NOERROR, no data (RFC 8020)
            if not exists:
                response.set_rcode(dns.rcode.NXDOMAIN)
            self._add(response.authority, zone, zone.origin, dns.rdatatype.SOA, dnssec)
        if limit is None:
            return response.to_wire(max_size=65535)  # TCP: not bounded by the EDNS payload size
        try:
            return response.to_wire(max_size=limit)
        except dns.exception.TooBig:
            truncated = dns.message.make_response(query)
            truncated.flags |= dns.flags.AA | dns.flags.TC
            return truncated.to_wire()

    # --- serving ---

    def start(self) -> int:
        owner = self

        class Udp(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                data, sock = self.request
                query_limit = 512
                try:
                    parsed = dns.message.from_wire(data)
                    if parsed.edns >= 0:
                        query_limit = max(512, parsed.payload)
                except dns.exception.DNSException:
                    pass
                reply = owner.answer(data, query_limit)
                if reply is not None:
                    sock.sendto(reply, self.client_address)

        class Tcp(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                while True:
                    size = self.rfile.read(2)
                    if len(size) < 2:
                        return
                    reply = owner.answer(self.rfile.read(int.from_bytes(size, "big")), None)
                    if reply is None:
                        return
                    self.wfile.write(len(reply).to_bytes(2, "big") + reply)

        for _ in range(20):  # the UDP port picked by the system may be taken for TCP; try another
            udp = socketserver.ThreadingUDPServer(("127.0.0.1", 0), Udp)
            port = udp.server_address[1]
            try:
                tcp = socketserver.ThreadingTCPServer(("127.0.0.1", port), Tcp)
            except OSError:
                udp.server_close()
                continue
            break
        else:
            raise RuntimeError("no free port for both UDP and TCP")
        for server in (udp, tcp):
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self._servers, self.port = [udp, tcp], port
        return port

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()


def silent_udp_port() -> tuple[int, socket.socket]:
    """A UDP port that receives questions and never answers (a resolver that hangs)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    return sock.getsockname()[1], sock
