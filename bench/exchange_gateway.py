"""Benchmark: requests through an outway and an inway, against the same requests straight to the source
and through nginx as a plain TLS reverse proxy (issues 3 and 20).

Targets (issue 20): at least 2,000 requests/s through a node pair at 32 concurrent connections, a
throughput at least 10% of the nginx path in the same run, at most 1.5 ms added at p50 over the
direct call at one connection, and a node's memory under 300 MB under that load. Every request
through the nodes is logged at both ends before it goes on, with acknowledged (fsynced) writes, as
in production.

A fourth path goes through the nodes to a source the tax office's node runs itself (the income source, a
POST, logged by the source as well), which the inway calls in its own process.

Needs wrk and nginx (Debian packages; `make bench` installs them).

    .venv/bin/python bench/exchange_gateway.py [--seconds 10] [--connections 32]
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from thorbecke.demo.group import Group
from thorbecke.node.launcher import free_port
from thorbecke.population.generation import generate
from thorbecke.population.source import enrol_demo_citizens, reference_date

NGINX = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    upstream source {{ server 127.0.0.1:{source}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {cert}; ssl_certificate_key {key};
        ssl_protocols TLSv1.3;
        location / {{ proxy_pass http://source; proxy_http_version 1.1; proxy_set_header Connection ""; }}
    }}
}}
"""


def wrk(url: str, seconds: int, connections: int, headers: list[str], script: Path | None = None) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        *[part for h in headers for part in ("-H", h)],
        *(["-s", str(script)] if script else []),
        url,
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for share, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE):
        latency[share] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rate": rate,
        "p50": latency["50"],
        "p99": latency["99"],
        "errors": int(errors.group(1)) if errors else 0,
        "requests": total,
    }


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def memory_mb(pid: int) -> tuple[float, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    values = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("Vm")}
    return values["VmRSS"], values["VmHWM"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is needed: apt-get install {tool}")
    tmp = Path(tempfile.mkdtemp(prefix="thorbecke-exchange-bench-"))
    processes: list[subprocess.Popen] = []
    group = Group(tmp)
    try:
        source_port = free_port()
        source = subprocess.Popen(
            [sys.executable, "-m", "thorbecke.demo.echo", str(source_port)], stdout=subprocess.PIPE
        )
        processes.append(source)
        source.stdout.readline()
        population = tmp / "population"
        generate(population, 40_000, 7, gemeenten=["GM0344", "GM0599", "GM0193", "GM0518", "GM0363"])
        enrol_demo_citizens(population)
        tax = group.add(
            "tax",
            "Belastingdienst",
            "00000099000000001000",
            {"inkomen": {"url": f"http://127.0.0.1:{source_port}"}, "inkomens": {"builtin": "inkomen"}},
            population,
        )
        utrecht = group.add("utrecht", "Gemeente Utrecht", "00000099000000002000")
        tax.start()
        utrecht.start()
        grant_hash = group.connect("utrecht", "tax", "inkomen")
        builtin_grant = group.connect("utrecht", "tax", "inkomens")
        question = json.dumps({"burgerservicenummer": ["999990019"], "belastingjaar": reference_date().year})
        post = tmp / "post.lua"
        post.write_text(f'wrk.method = "POST"\nwrk.body = {json.dumps(question)}\n')
        nginx_port = free_port()
        (tmp / "nginx.conf").write_text(
            NGINX.format(
                tmp=tmp, source=source_port, port=nginx_port, cert=tax.folder / "node.pem", key=tax.folder / "node.key"
            )
        )
        nginx = subprocess.Popen(["nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"])
        processes.append(nginx)
        time.sleep(0.5)

        paths = {
            "direct to the source": (f"http://127.0.0.1:{source_port}/inkomen/42", [], None),
            "nginx TLS proxy": (f"https://127.0.0.1:{nginx_port}/inkomen/42", [], None),
            "outway -> inway (mTLS, token, logs)": (
                f"http://127.0.0.1:{utrecht.ports['outway']}/inkomen/42",
                [f"Fsc-Grant-Hash: {grant_hash}"],
                None,
            ),
            # A source the node runs itself (called in the inway's process, decision 0031), which logs too.
            "outway -> inway -> built-in income source": (
                f"http://127.0.0.1:{utrecht.ports['outway']}/inkomens",
                [f"Fsc-Grant-Hash: {builtin_grant}", "Content-Type: application/json"],
                post,
            ),
        }
        print(
            f"wrk, 2 threads, {args.connections} connections, {args.seconds} s per path, {args.rounds} rounds taking "
            "the paths in turn (a shared machine's load drifts), on this machine"
        )
        print(f"{'round':6} {'path':52} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
        for url, headers, script in paths.values():
            wrk(url, 2, args.connections, headers, script)  # warm up: connections, tokens, caches
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
        single: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
        for number in range(1, args.rounds + 1):
            for name, (url, headers, script) in paths.items():
                rounds[name].append(r := wrk(url, args.seconds, args.connections, headers, script))
                print(f"{number:<6} {name:52} {r['rate']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} {r['errors']:8d}")
            for name, (url, headers, script) in paths.items():
                single[name].append(r := wrk(url, max(2, args.seconds // 2), 1, headers, script))
                print(f"{number:<6} {name + ', 1 connection':52} {r['rate']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f}")
        direct, proxy, gateway, builtin = (_median(rounds[name]) for name in paths)
        lone_direct, _, lone_gateway, lone_builtin = (_median(single[name]) for name in paths)
        shares = [g["rate"] / p["rate"] for g, p in zip(rounds[list(paths)[2]], rounds[list(paths)[1]], strict=True)]
        print("the median of the rounds, per figure:")
        for name, r in zip(paths, (direct, proxy, gateway, builtin), strict=True):
            print(f"{'':6} {name:52} {r['rate']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f}")
        for node in (tax, utrecht):
            rss, peak = memory_mb(node.process.pid)
            print(f"{node.name} node memory: {rss:.0f} MB now, {peak:.0f} MB peak (target < 300 MB)")
        _, verified = tax.admin("GET", "/log/verify")
        print(f"tax office log intact after the run: {verified['intact']}")
        added50, added99 = gateway["p50"] - direct["p50"], gateway["p99"] - direct["p99"]
        share = gateway["rate"] / proxy["rate"]
        print(f"added latency at {args.connections} connections: p50 {added50:.2f} ms, p99 {added99:.2f} ms")
        print(
            f"added latency at 1 connection: p50 {lone_gateway['p50'] - lone_direct['p50']:.2f} ms (target <= 1.5), "
            f"p99 {lone_gateway['p99'] - lone_direct['p99']:.2f} ms"
        )
        print(
            f"throughput through the nodes: {gateway['rate']:.0f} req/s (target >= 2,000), "
            f"{share:.1%} of the nginx path (target >= 10%; per round: {', '.join(f'{x:.1%}' for x in shares)})"
        )
        print(
            f"through the nodes to the built-in source: {builtin['rate']:.0f} req/s at {args.connections} connections, "
            f"p50 {lone_builtin['p50']:.2f} ms at 1 connection"
        )
        print(json.dumps({"gateway": gateway, "direct": direct, "nginx": proxy, "builtin": builtin}))
    finally:
        group.stop()
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
