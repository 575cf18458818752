"""Benchmark: scanning organisations' hosts (issue 7): hosts and checks a minute against local servers with
realistic latency added, and whether the hub stays responsive on this 2-core machine while a scan runs.

The world the scanner sees, all on 127.0.0.1 and all reached through a latency-adding proxy:
- one Debian nginx serving every host's HTTPS (certificates from the test CA of tests/agreements/tls_servers.py)
  and plain HTTP, in a fixed mix of good, mediocre, weak, broken-certificate and unreachable hosts;
- the authoritative DNS server of the tests (tests/agreements/dns_server.py) serving one mail zone per host
  under "test." (signed with a DS, unsigned, signed without a DS, expired, non-sending or missing), the
  scanner's resolver (THORBECKE_DNS_RESOLVER) pointing at it through a UDP and TCP proxy, with "test." as the
  trust anchor.

Then `scan()` runs for real (Measurements stored in a fresh SQLite database) per group of checks and for all
groups, with 4, 8 and 16 workers; and while a full scan runs, the hub (granian, as `thorbecke hub` serves it)
is asked for public pages by another process, idle and during the scan, at normal and at lower CPU priority.

    .venv/bin/python bench/agreements_scans.py [--hosts 32] [--tls-hosts 16] [--workers 4,8,16] [--delay-ms 20-40]
        [--busy-workers 16] [--hub-workers 1] [--rounds 1] [--nice 10] [--skip-throughput]

About five minutes with the defaults, most of it in the TLS scans. Needs nginx (Debian package; `make test`
installs it) and sslyze in .venv-sslyze.
"""

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import random
import resource
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the real test servers live in tests/agreements, a plain package

from tests.agreements.tls_servers import GOOD_TLS, NGINX, WEAK_TLS, Pki, make_pki  # noqa: E402

SEED = 7
GROUPS = {"web": ["web"], "tls": ["tls"], "mail": ["mail"], "all": ["web", "tls", "mail"]}

# One host in twenty of each kind, roughly what a first scan of government hosts finds; interleaved, so that
# the first 16 hosts (the TLS scans) hold every kind too.
WEB_MIX = [
    "good", "mediocre", "good", "weak", "good", "mediocre", "expired-cert", "good", "mediocre", "good",
    "weak", "unreachable", "good", "mediocre", "good", "wrong-name", "good", "mediocre", "weak", "good",
]  # fmt: skip
MAIL_MIX = [
    "good", "monitoring", "good", "open", "good", "monitoring", "non-sending", "good", "monitoring", "good",
    "open", "missing", "good", "monitoring", "good", "expired", "good", "monitoring", "open", "non-sending",
]  # fmt: skip

# The verdicts each kind of host must get, check by check in the order of the group: a scan under load that
# finds anything else (a timeout turned into "could not measure", say) is wrong, not just slow.
EXPECTED = {
    "web": {"good": "ppp", "mediocre": "fff", "weak": "fff", "expired-cert": "eee", "wrong-name": "eee",
            "unreachable": "eee"},
    # nginx on the system's OpenSSL 3.0 cannot offer the ML-KEM hybrids, so pq-hybrid fails everywhere.
    "tls": {"good": "pf", "mediocre": "ff", "weak": "ff", "expired-cert": "ff", "wrong-name": "ff",
            "unreachable": "ee"},
    "mail": {"good": "pppp", "monitoring": "pfff", "open": "fppf", "non-sending": "pppp", "expired": "ppff",
             "missing": "eeee"},
}  # fmt: skip


GOOD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}
# TLS 1.2 and 1.3 but with the CBC suites many servers still offer: phase-out in the NCSC guidelines.
MEDIOCRE_TLS = """
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256;
    add_header Strict-Transport-Security "max-age=600" always;
"""


@dataclass(frozen=True)
class Host:
    number: int
    web: str
    mail: str
    delay: float  # one way, seconds

    @property
    def name(self) -> str:
        return f"host{self.number:03d}.test"


def expected(group: str, hosts: list[Host]) -> dict[str, int]:
    """How many pass, fail and error verdicts a scan of these hosts must find."""
    counts = {"pass": 0, "fail": 0, "error": 0}
    names = {"p": "pass", "f": "fail", "e": "error"}
    for part in GROUPS[group]:
        for host in hosts:
            for letter in EXPECTED[part][host.mail if part == "mail" else host.web]:
                counts[names[letter]] += 1
    return counts


@dataclass
class Delays:
    low: float  # seconds, one way
    high: float

    def draw(self, rng: random.Random) -> float:
        return rng.uniform(self.low, self.high)

    def describe(self) -> str:
        return (
            f"{self.low * 1000:.0f}-{self.high * 1000:.0f} ms one way (RTT {2 * self.low * 1000:.0f}-"
            f"{2 * self.high * 1000:.0f} ms)"
        )


# --- the latency-adding proxies ---------------------------------------------------------------------------


async def _relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float, not_before: float) -> None:
    """One direction of a connection: each chunk is delivered `delay` after it was read, in order, while reading
    goes on, so a burst is not slowed down to one chunk per delay (a long fat pipe, not a stop-and-wait one)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, chunk = await queue.get()
            if (pause := due - loop.time()) > 0:
                await asyncio.sleep(pause)
            if not chunk:
                if writer.can_write_eof() and not writer.is_closing():
                    writer.write_eof()
                return
            writer.write(chunk)
            await writer.drain()

    delivering = asyncio.create_task(deliver())
    try:
        while chunk := await reader.read(65_536):
            queue.put_nowait((max(loop.time(), not_before) + delay, chunk))
    except OSError:
        pass  # a reset ends this direction as an end of file would
    queue.put_nowait((max(loop.time(), not_before) + delay, b""))
    await delivering


async def tcp_proxy(upstream: int, delay: float, port: int = 0) -> asyncio.Server:
    """Listens on 127.0.0.1 and forwards to the upstream port with `delay` each way. The client's connect()
    returns at once here, so its first bytes are held for one round trip more: what the TCP handshake costs."""
    loop = asyncio.get_running_loop()
    # asyncio keeps only weak references to tasks, and start_server drops its own when the client's side closes:
    # without these, a relay still delivering its last bytes can be garbage-collected mid-connection.
    connections: set[asyncio.Task[None]] = set()

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        accepted = loop.time()
        task = asyncio.current_task()
        if task is not None:
            connections.add(task)
            task.add_done_callback(connections.discard)
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", upstream)
        except OSError:
            client_writer.close()
            return
        try:
            await asyncio.gather(
                _relay(client_reader, server_writer, delay, accepted + 2 * delay),
                _relay(server_reader, client_writer, delay, 0.0),
            )
        except OSError:
            pass
        finally:
            for writer in (client_writer, server_writer):
                writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", port, backlog=512)


class _Answer(asyncio.DatagramProtocol):
    def __init__(self, answered: asyncio.Future[bytes]) -> None:
        self.answered = answered

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        if not self.answered.done():
            self.answered.set_result(data)


class _DnsRelay(asyncio.DatagramProtocol):
    """DNS over UDP: each question reaches the server `delay` later and its answer comes back `delay` later."""

    def __init__(self, upstream: int, delays: Delays, rng: random.Random) -> None:
        self.upstream, self.delays, self.rng = upstream, delays, rng
        self.transport: asyncio.DatagramTransport | None = None
        self.pending: set[asyncio.Task[None]] = set()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        task = asyncio.get_running_loop().create_task(self._forward(data, addr, self.delays.draw(self.rng)))
        self.pending.add(task)  # the loop keeps only weak references to tasks
        task.add_done_callback(self.pending.discard)

    async def _forward(self, data: bytes, addr: tuple[str, int], delay: float) -> None:
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[bytes] = loop.create_future()
        await asyncio.sleep(delay)
        upstream, _ = await loop.create_datagram_endpoint(
            lambda: _Answer(answered), remote_addr=("127.0.0.1", self.upstream)
        )
        try:
            upstream.sendto(data)
            reply = await asyncio.wait_for(answered, 10)
        except TimeoutError:
            return
        finally:
            upstream.close()
        await asyncio.sleep(delay)
        if self.transport is not None:
            self.transport.sendto(reply, addr)


async def dns_proxy(upstream: int, delays: Delays, rng: random.Random) -> int:
    """UDP and TCP on one port, as a resolver listens, forwarding to the DNS server with a delay each way."""
    loop = asyncio.get_running_loop()
    for _ in range(20):  # the UDP port the system picks may be taken for TCP: try another
        transport, _ = await loop.create_datagram_endpoint(
            lambda: _DnsRelay(upstream, delays, rng), local_addr=("127.0.0.1", 0)
        )
        port = transport.get_extra_info("sockname")[1]
        try:
            await tcp_proxy(upstream, delays.draw(rng), port)
        except OSError:
            transport.close()
            continue
        return port
    raise RuntimeError("no free port for both UDP and TCP")


# --- the world: nginx, the DNS server and the proxies --------------------------------------------------------


def _nginx_config(folder: Path, pki: Pki, hosts: list[Host], upstream: dict[int, tuple[int, int]]) -> str:
    """One nginx, one server block per host and port: little CPU on the server side, as the internet's would be."""
    expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 180 * 86400))
    expired = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3 * 86400))
    blocks = []
    for host in hosts:
        if host.web == "unreachable":
            continue
        https, http = upstream[host.number]
        pair = pki.pairs[{"expired-cert": "expired", "wrong-name": "wrong-name"}.get(host.web, "good")]
        tls = {"mediocre": MEDIOCRE_TLS, "weak": WEAK_TLS}.get(host.web, GOOD_TLS)
        headers = GOOD_HEADERS if host.web in ("good", "expired-cert", "wrong-name") else {}
        if host.web == "mediocre":
            headers = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN"}
        security_txt = {
            "mediocre": "return 404;",
            "weak": f'return 200 "Contact: mailto:security@{host.name}\\nExpires: {expired}\\n";',
        }.get(host.web, f'return 200 "Contact: mailto:security@{host.name}\\nExpires: {expires}\\n";')
        added = "".join(f'    add_header {name} "{value}" always;\n' for name, value in headers.items())
        # A real site redirects to the default port; the check compares the scheme and the host name only.
        redirect = "return 200 'plain';" if host.web == "mediocre" else "return 301 https://$host$request_uri;"
        blocks.append(f"""
  server {{
    listen 127.0.0.1:{https} ssl;
    server_name localhost;
    ssl_certificate {pair.cert};
    ssl_certificate_key {pair.key};
    {tls}
{added}
    location = /.well-known/security.txt {{ default_type "text/plain; charset=utf-8"; {security_txt} }}
    location / {{ default_type text/html; return 200 "<!doctype html><title>gemeente</title>"; }}
  }}
  server {{
    listen 127.0.0.1:{http};
    location / {{ {redirect} }}
  }}""")
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} crit;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  {temp}
  {"".join(blocks)}
}}
"""


def _mail_zones(hosts: list[Host]) -> tuple[list[Any], str]:
    """One zone per host under "test." as its mail profile says, and the DS of "test." as the trust anchor."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from tests.agreements.dns_server import ds_text, make_key, make_zone, sign, txt

    public = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    dkim = txt("v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode())
    zones, delegations = [], ""
    for host in hosts:
        if host.mail == "missing":
            continue  # the parent answers NXDOMAIN, as for a domain whose registration lapsed
        zone = host.name
        records = {
            "good": f'@ MX 10 mail\nmail A 192.0.2.25\n@ TXT "v=spf1 mx include:_spf.{zone} -all"\n'
            f'_spf TXT "v=spf1 ip4:192.0.2.0/24 ~all"\n_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@{zone}"\n'
            f"sel1._domainkey TXT {dkim}\n",
            "monitoring": f'@ MX 10 mail\nmail A 192.0.2.26\n@ TXT "v=spf1 mx ~all"\n'
            f'_dmarc TXT "v=DMARC1; p=none; rua=mailto:dmarc@{zone}"\n',
            "open": f'@ MX 10 mail\nmail A 192.0.2.27\n@ TXT "v=spf1 +all"\n_dmarc TXT "v=DMARC1; p=quarantine"\n'
            f"s1._domainkey TXT {dkim}\n",
            "non-sending": '@ MX 0 .\n@ TXT "v=spf1 -all"\n_dmarc TXT "v=DMARC1; p=reject;"\n',
        }.get(host.mail, "")
        if host.mail == "expired":
            records = '@ MX 10 mail\nmail A 192.0.2.28\n@ TXT "v=spf1 mx -all"\n_dmarc TXT "v=DMARC1; p=reject"\n'
        made = make_zone(f"{zone}.", records)
        delegations += f"{zone}. NS ns.test.\n"
        if host.mail in ("good", "open", "non-sending", "expired"):
            key = make_key()
            sign(made, key, (-40, -10) if host.mail == "expired" else (-1, 30))
            if host.mail != "open":  # "open" is signed but its parent has no DS: insecure
                delegations += f"{zone}. DS {ds_text(f'{zone}.', key[1])}\n"
        zones.append(made)
    test_key = make_key()
    parent = make_zone("test.", "ns A 127.0.0.1\n" + delegations)
    sign(parent, test_key)
    return [parent, *zones], f"test. DS {ds_text('test.', test_key[1])}"


def world(channel: Connection, hosts: list[Host], upstream: dict[int, tuple[int, int]], delays: Delays) -> None:
    """A process of its own for the DNS server and the proxies, so that their work is not done under the
    scanner's interpreter lock: reports the ports and the trust anchor, then serves until told to stop."""
    from tests.agreements.dns_server import AuthoritativeServer

    zones, anchor = _mail_zones(hosts)
    dns = AuthoritativeServer(zones)
    dns.queries = _Forgetful()  # the tests keep every question asked; thousands of scans need not
    dns_port = dns.start()

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        ports: dict[int, tuple[int, int]] = {}
        servers = []  # held for as long as the loop runs, like the listening sockets they own
        for host in hosts:
            if host.web == "unreachable":
                ports[host.number] = upstream[host.number]  # nothing listens there: refused at once
                continue
            pair = [await tcp_proxy(port, host.delay) for port in upstream[host.number]]
            servers += pair
            ports[host.number] = (pair[0].sockets[0].getsockname()[1], pair[1].sockets[0].getsockname()[1])
        resolver = await dns_proxy(dns_port, delays, random.Random(SEED))
        channel.send({"ports": ports, "resolver": resolver, "anchor": anchor})
        with contextlib.suppress(EOFError):
            await loop.run_in_executor(None, channel.recv)  # a message or the parent gone: stop

    try:
        import uvloop  # less CPU per relayed chunk, which the scanner and the hub would otherwise lose

        uvloop.run(serve())
    except ImportError:
        asyncio.run(serve())
    os._exit(0)  # without tearing down thousands of relays one by one


class _Forgetful(list[object]):
    def append(self, item: object) -> None:
        pass


@contextlib.contextmanager
def nginx(
    folder: Path, pki: Pki, hosts: list[Host], upstream: dict[int, tuple[int, int]]
) -> Iterator[subprocess.Popen[bytes]]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nginx.conf").write_text(_nginx_config(folder, pki, hosts, upstream))
    process = subprocess.Popen(
        [str(NGINX), "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        listening = [port for h in hosts if h.web != "unreachable" for port in upstream[h.number]]
        deadline = time.monotonic() + 10
        while listening and time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", listening[-1]), timeout=0.2):
                listening.pop()
                continue
            time.sleep(0.05)
        if listening or process.poll() is not None:
            raise RuntimeError(f"nginx did not start: {(folder / 'error.log').read_text(errors='replace')[-2000:]}")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- the scanner and the hub's visitors, each a process of its own -------------------------------------------


@dataclass
class Job:
    group: str
    workers: int
    hosts: int
    niceness: int = 0


@dataclass
class Outcome:
    job: Job
    seconds: float
    hosts: int
    checks: int
    counts: dict[str, int]
    cpu: float  # seconds of CPU: the scanner process and its sslyze subprocesses
    machine: float  # share of both cores busy, whatever used them
    started: float  # wall clock, to line up with the hub's visitors
    finished: float

    @property
    def hosts_a_minute(self) -> float:
        return self.hosts / self.seconds * 60

    @property
    def checks_a_minute(self) -> float:
        return self.checks / self.seconds * 60


def _load() -> str:
    with open("/proc/loadavg") as load:
        return " ".join(load.read().split()[:3])


def _busy() -> tuple[int, int]:
    """Busy and total jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields[:8]) - idle, sum(fields[:8])


def scanner(
    results: Any, env: dict[str, str], world_spec: dict[str, Any], hosts: list[Host], ca: str, jobs: list[Job]
) -> None:
    """A process that runs scan() as the hub's scans do, job after job, and puts each outcome on the queue."""
    if jobs and jobs[0].niceness:
        os.nice(jobs[0].niceness)  # inherited by every sslyze subprocess the scan starts
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings

    from thorbecke.agreements import scanning
    from thorbecke.agreements.checks.base import Result, Target
    from thorbecke.agreements.checks.mail.domain import measure_domain
    from thorbecke.agreements.scanning import scan
    from thorbecke.registry.models import Organisation

    settings.THORBECKE_DNS_RESOLVER = f"127.0.0.1:{world_spec['resolver']}"
    settings.THORBECKE_DNS_TRUST_ANCHORS = (world_spec["anchor"],)
    # Web and TLS need a name that resolves to 127.0.0.1, so a host is "localhost" on its own ports; the mail
    # group measures Target.host as a domain, so for a scan of every group it is given the host's zone.
    zone_of = {world_spec["ports"][h.number][0]: h.name for h in hosts}

    def mail_and_dns(target: Target) -> list[Result]:
        return measure_domain(zone_of.get(target.https_port, target.host))

    scanning.MEASURES["mail"] = mail_and_dns
    organisations = list(Organisation.objects.filter(end_date__isnull=True).order_by("code")[: len(hosts)])
    for job in jobs:
        targets = []
        for host, organisation in zip(hosts[: job.hosts], organisations, strict=False):
            if job.group == "mail":
                targets.append((organisation, Target(host.name)))
            else:
                https, http = world_spec["ports"][host.number]
                targets.append((organisation, Target("localhost", https, http, ca)))
        before, usage = _busy(), _cpu()
        started, start = time.time(), time.perf_counter()
        counts = scan(targets, workers=job.workers, progress=lambda line: None, groups=GROUPS[job.group])
        seconds = time.perf_counter() - start
        after = _busy()
        machine = (after[0] - before[0]) / max(1, after[1] - before[1])
        checks = counts["pass"] + counts["fail"] + counts["error"]
        outcome = Outcome(job, seconds, counts["hosts"], checks, counts, _cpu() - usage, machine, started, time.time())
        results.put(outcome)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def visitor(port: int, paths: list[str], pause: float, stop: Any, results: Any) -> None:
    """Someone reading public pages of the hub: one page, a pause, the next, over one keep-alive connection
    as a browser would; records when each request started and how long it took."""
    import http.client

    samples: list[tuple[float, float, str, int]] = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    number = 0
    while not stop.is_set():
        path = paths[number % len(paths)]
        number += 1
        started, start = time.time(), time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            status = 0
        samples.append((started, (time.perf_counter() - start) * 1000, path, status))
        time.sleep(pause)
    results.put(samples)


# --- running it -------------------------------------------------------------------------------------------


def _process_cpu(pids: list[int]) -> float:
    """CPU seconds used so far by these processes (and by the children they waited for)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError), (entry / "stat").open() as stat:
                if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


@dataclass
class Bench:
    context: Any  # the multiprocessing context
    env: dict[str, str]
    world: dict[str, Any]
    hosts: list[Host]
    ca: str
    server_pids: list[int]  # the world process and nginx's: the simulated internet

    def scans(self, jobs: list[Job], report: Callable[[Outcome, float], None]) -> list[Outcome]:
        """Runs the jobs one after another in a fresh scanner process; reports each with the CPU the simulated
        internet used meanwhile."""
        queue = self.context.Queue()
        process = self.context.Process(target=scanner, args=(queue, self.env, self.world, self.hosts, self.ca, jobs))
        process.start()
        outcomes = []
        try:
            last = _process_cpu(self.server_pids)
            for _ in jobs:
                outcome = queue.get(timeout=900)
                now = _process_cpu(self.server_pids)
                report(outcome, now - last)
                last = now
                outcomes.append(outcome)
        except BaseException:
            process.terminate()
            raise
        process.join(timeout=30)
        return outcomes


def prepare(env: dict[str, str]) -> int:
    """A fresh database with the register; returns how many organisations are current."""
    script = """
import django; django.setup()
from django.core.management import call_command
from thorbecke.registry.models import Organisation
call_command("migrate", "--no-input", "--verbosity", "0")
call_command("import_organisations", "--verbosity", "0")
print(Organisation.objects.filter(end_date__isnull=True).count())
"""
    done = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    return int(done.stdout.strip().splitlines()[-1])


def distinct_free_ports(count: int) -> list[int]:
    from tests.agreements.tls_servers import free_port

    ports: set[int] = set()
    while len(ports) < count:
        ports.add(free_port())
    return sorted(ports)


def verdicts(outcome: Outcome, hosts: list[Host]) -> str:
    """pass/fail/error as found, and whether that is what the hosts' configurations call for."""
    found, wanted = outcome.counts, expected(outcome.job.group, hosts[: outcome.job.hosts])
    text = f"{found['pass']}/{found['fail']}/{found['error']}"
    if all(found[k] == wanted[k] for k in wanted):
        return f"{text} as configured"
    return f"{text} NOT as configured ({wanted['pass']}/{wanted['fail']}/{wanted['error']})"


def latency_summary(samples: list[tuple[float, float, str, int]]) -> dict[str, float]:
    from organisations_api import percentile

    timings = [ms for _, ms, _, _ in samples]
    if not timings:
        return {"count": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan"), "failed": 0}
    return {
        "count": len(timings),
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
        "failed": sum(1 for *_, status in samples if status != 200),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=32, help="hosts in the web and mail scans (default 32)")
    parser.add_argument(
        "--tls-hosts", type=int, default=16, help="hosts in the TLS and all-groups scans, slow per host (default 16)"
    )
    parser.add_argument("--workers", default="4,8,16", help="worker counts to compare (default 4,8,16)")
    parser.add_argument("--delay-ms", default="20-40", help="one-way delay added per host, low-high ms (20-40)")
    parser.add_argument("--busy-workers", type=int, help="workers of the scan the hub is asked during (the most)")
    parser.add_argument("--hub-workers", type=int, default=1, help="granian workers of the hub (default 1)")
    parser.add_argument("--idle-seconds", type=float, default=10, help="the hub asked with no scan running")
    parser.add_argument("--rounds", type=int, default=1, help="scans at normal and low priority, in turn (default 1)")
    parser.add_argument(
        "--nice", default="10", help="niceness of the lower-priority scans, comma-separated (default 10; try 10,19)"
    )
    parser.add_argument("--skip-throughput", action="store_true", help="only the responsiveness part")
    args = parser.parse_args()
    args.nice = [int(n) for n in args.nice.split(",")]
    if not all(0 < n <= 19 for n in args.nice):
        parser.error("--nice takes levels from 1 to 19: lower priorities, to compare with the normal one")
    # Stopped from outside, still stop nginx, the proxies and the hub, which would otherwise live on.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    workers = [int(w) for w in args.workers.split(",")]
    busy_workers = args.busy_workers or max(workers)
    low, _, high = args.delay_ms.partition("-")
    delays = Delays(float(low) / 1000, float(high or low) / 1000)
    count = max(args.hosts, args.tls_hosts)
    command = [
        ".venv/bin/python",
        "bench/agreements_scans.py",
        f"--hosts={args.hosts}",
        f"--tls-hosts={args.tls_hosts}",
        f"--workers={args.workers}",
        f"--delay-ms={args.delay_ms}",
        f"--busy-workers={busy_workers}",
        f"--hub-workers={args.hub_workers}",
        f"--idle-seconds={args.idle_seconds:g}",
        f"--rounds={args.rounds}",
        f"--nice={','.join(map(str, args.nice))}",
    ]
    if not NGINX.exists():
        raise SystemExit(f"{NGINX} is not installed (apt-get install nginx-light, or `make test`)")
    before = _busy()
    time.sleep(3)
    after = _busy()
    background = (after[0] - before[0]) / max(1, after[1] - before[1])
    print(f"machine: {os.cpu_count()} cores, {background:.0%} busy before the run (load average {_load()})")
    if background > 0.1:
        print("  WARNING: other processes are using the machine: every number below is lower than on a quiet one")

    tmp = Path(tempfile.mkdtemp(prefix="thorbecke-scans-bench-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thorbecke.hub.settings", "THORBECKE_DATA_DIR": str(tmp)}
    env.pop("THORBECKE_DATABASE_URL", None)  # the embedded database in the temporary folder, as asked
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "bench"), str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    context = multiprocessing.get_context("spawn")  # no Django state or open database carried into a child
    world_process = None
    stack = contextlib.ExitStack()
    try:
        current = prepare(env)
        if current < count:
            raise SystemExit(f"the register has {current} current organisations; ask for at most that many hosts")
        pki = make_pki(_folder(tmp / "pki"))
        rng = random.Random(SEED)
        hosts = [
            Host(i, WEB_MIX[i % len(WEB_MIX)], MAIL_MIX[i % len(MAIL_MIX)], delay=delays.draw(rng))
            for i in range(count)
        ]
        # An unreachable host's ports are bound here and never listened on, so they refuse and stay ours. nginx
        # binds its ports before the proxies take theirs, so that no proxy lands on one of them; a free port can
        # still be taken by another process before nginx binds it, hence a few tries.
        unreachable = {h.number: (refusing(stack), refusing(stack)) for h in hosts if h.web == "unreachable"}
        for attempt in range(3):
            free = distinct_free_ports(2 * count)
            upstream = {h.number: (free[2 * h.number], free[2 * h.number + 1]) for h in hosts} | unreachable
            try:
                server = stack.enter_context(nginx(tmp / "nginx", pki, hosts, upstream))
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        ours, theirs = context.Pipe()
        world_process = context.Process(target=world, args=(theirs, hosts, upstream, delays), daemon=True)
        world_process.start()
        if not ours.poll(120):
            raise SystemExit("the DNS server and proxies did not start")
        spec = ours.recv()
        # The system's CA bundle plus the test CA: each HTTPS request then loads a full trust store, as it does in
        # production (Target.ca_file None), instead of a one-certificate file that would hide what that costs.
        bundle = tmp / "pki" / "trust-store.pem"
        bundle.write_bytes(
            Path(ssl.get_default_verify_paths().cafile or "/dev/null").read_bytes() + pki.ca.read_bytes()
        )
        pids = [world_process.pid, server.pid, *_children(server.pid)]
        bench = Bench(context, env, spec, hosts, str(bundle), pids)
        run(bench, args, workers, busy_workers, delays, command)
    finally:
        if world_process is not None:
            with contextlib.suppress(OSError):
                ours.send("stop")
            world_process.join(timeout=10)
            if world_process.is_alive():
                world_process.terminate()
        stack.close()
        shutil.rmtree(tmp, ignore_errors=True)


def refusing(stack: contextlib.ExitStack) -> int:
    sock = stack.enter_context(socket.socket())
    sock.bind(("127.0.0.1", 0))
    return sock.getsockname()[1]


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


VISIT_PAUSE = 0.15  # seconds between one page's answer and the next request
PATHS = ["/afspraken/scorekaart/", "/afspraken/metingen/", "/organisaties/"]


def run(
    bench: Bench, args: argparse.Namespace, workers: list[int], busy_workers: int, delays: Delays, command: list[str]
) -> None:
    kinds = ", ".join(f"{WEB_MIX.count(k)} {k}" for k in dict.fromkeys(WEB_MIX))
    mails = ", ".join(f"{MAIL_MIX.count(k)} {k}" for k in dict.fromkeys(MAIL_MIX))
    model = (
        f"every TCP connection to a host goes through a proxy that delays each chunk, each way, by the host's one-way "
        f"delay (drawn per host from {delays.describe()}), in order and pipelined, with no bandwidth limit; a "
        f"connection's first bytes wait one round trip more, for the TCP handshake. DNS: each question, over UDP "
        f"or TCP, is delayed {delays.describe()}. Unreachable hosts refuse at once."
    )
    print(f"latency model: {model}")
    print(f"hosts, per 20: web {kinds}; mail {mails}")
    rows: list[tuple[Outcome, float]] = []

    def report(outcome: Outcome, server_cpu: float) -> None:
        rows.append((outcome, server_cpu))
        job = outcome.job
        if outcome.counts["pass"] + outcome.counts["fail"] == 0:
            raise SystemExit(f"no check of the {job.group} scan could measure anything: the local servers are broken")
        print(
            f"  {job.group:4} {job.workers:2} workers{f' nice {job.niceness}' if job.niceness else ''}: "
            f"{outcome.hosts} hosts in {outcome.seconds:5.1f} s, {outcome.hosts_a_minute:6.1f} hosts/min, "
            f"{outcome.checks_a_minute:6.0f} checks/min, verdicts {verdicts(outcome, bench.hosts)}",
            flush=True,
        )

    if not args.skip_throughput:
        print("throughput (no hub running):")
        jobs = [
            Job(group, w, args.tls_hosts if group in ("tls", "all") else args.hosts)
            for group in ("web", "mail", "tls", "all")
            for w in workers
        ]
        bench.scans(jobs, report)
    matrix = list(rows)
    windows, samples = responsiveness(bench, args, busy_workers, report)

    print()
    print(f"command: {' '.join(command)}")
    print(f"latency model: {model}")
    if matrix:
        print()
        print(
            f"{'group':5} {'checks':>6} {'workers':>7} {'hosts':>5} {'seconds':>7} {'hosts/min':>9} "
            f"{'checks/min':>10} {'CPU s/host':>10} {'scanner cores':>13} {'world cores':>11} {'other cores':>11}  "
            "pass/fail/error"
        )
        for outcome, server_cpu in matrix:
            job = outcome.job
            scanner_cores, world_cores = outcome.cpu / outcome.seconds, server_cpu / outcome.seconds
            other = max(0.0, outcome.machine * (os.cpu_count() or 1) - scanner_cores - world_cores)
            print(
                f"{job.group:5} {outcome.checks // max(1, outcome.hosts):6} {job.workers:7} {outcome.hosts:5} "
                f"{outcome.seconds:7.1f} {outcome.hosts_a_minute:9.1f} {outcome.checks_a_minute:10.0f} "
                f"{outcome.cpu / max(1, outcome.hosts):10.2f} {scanner_cores:13.2f} {world_cores:11.2f} "
                f"{other:11.2f}  {verdicts(outcome, bench.hosts)}"
            )
        print(
            "scanner cores: the scanner process and its sslyze subprocesses; world cores: nginx, the proxies and the "
            "DNS server (the internet's part, not on the hub's machine in production); other: everything else on "
            "the machine"
        )
    print()
    print(
        f"hub: granian, {args.hub_workers} worker; one visitor asking {', '.join(PATHS)} in turn over keep-alive, "
        f"{VISIT_PAUSE:g} s between pages; the scan: all groups, {args.tls_hosts} hosts, {busy_workers} workers"
    )
    print(
        f"{'phase':32} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'failed':>6} {'machine busy':>12} "
        f"{'scan hosts/min':>14}"
    )
    summaries = {}
    for label, spans in windows.items():
        chosen = [s for s in samples if any(start <= s[0] <= end for start, end, _, _ in spans)]
        summary = latency_summary(chosen)
        summaries[label] = summary
        machine = statistics.mean(m for _, _, m, _ in spans)
        rates = [o.hosts_a_minute for *_, o in spans if o is not None]
        rate = f"{statistics.mean(rates):.1f}" if rates else "-"
        print(
            f"{label:32} {summary['count']:8} {summary['p50']:8.1f} {summary['p95']:8.1f} {summary['max']:8.1f} "
            f"{summary['failed']:6} {machine:12.0%} {rate:>14}"
        )
    idle, normal, *niced = summaries.values()
    print()
    rates = [statistics.mean(o.hosts_a_minute for *_, o in spans if o) for spans in list(windows.values())[1:]]
    lower = ", ".join(
        f"{summary['p95']:.0f} ms at nice {level} (the scan at {rate / rates[0]:.0%} of its rate at normal priority)"
        for level, summary, rate in zip(args.nice, niced, rates[1:], strict=True)
    )
    print(f"the hub's p95: {idle['p95']:.0f} ms idle; during a scan {normal['p95']:.0f} ms at normal priority, {lower}")


def responsiveness(
    bench: Bench, args: argparse.Namespace, busy_workers: int, report: Callable[[Outcome, float], None]
) -> tuple[dict[str, list[tuple[float, float, float, Outcome | None]]], list[tuple[float, float, str, int]]]:
    """The hub as in production, a visitor reading pages throughout: first with no scan, then during full scans
    at normal and at low priority in turn. Returns the windows of each phase and the visitor's samples."""
    import http.client

    from organisations_api import start_hub

    print(f"responsiveness: the hub asked for pages while scans of all groups run with {busy_workers} workers")
    port, hub = start_hub(bench.env, args.hub_workers)
    stop, samples_queue = bench.context.Event(), bench.context.Queue()
    visiting = None
    levels = [0, *args.nice]
    windows: dict[str, list[tuple[float, float, float, Outcome | None]]] = {"idle, no scan": []}
    windows |= {f"full scan, nice {level}": [] for level in levels}
    try:
        for path in PATHS * 3:  # warm up, and make sure every page answers
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"the hub answered {response.status} for {path}")
        visiting = bench.context.Process(target=visitor, args=(port, PATHS, VISIT_PAUSE, stop, samples_queue))
        visiting.start()
        time.sleep(1)
        idle_from, idle_before = time.time(), _busy()
        time.sleep(args.idle_seconds)
        idle_after = _busy()
        idle_machine = (idle_after[0] - idle_before[0]) / max(1, idle_after[1] - idle_before[1])
        windows["idle, no scan"].append((idle_from, time.time(), idle_machine, None))
        for _ in range(args.rounds):
            for level in levels:
                for o in bench.scans([Job("all", busy_workers, args.tls_hosts, level)], report):
                    windows[f"full scan, nice {level}"].append((o.started, o.finished, o.machine, o))
                time.sleep(2)  # the last sslyze processes of one scan are not counted in the next
        stop.set()
        samples = samples_queue.get(timeout=120)
        visiting.join(timeout=30)
    finally:
        stop.set()
        if visiting is not None and visiting.is_alive():
            visiting.terminate()
        hub.terminate()
        hub.wait(timeout=10)
    return windows, samples


if __name__ == "__main__":
    main()
