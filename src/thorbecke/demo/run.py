"""`thorbecke demo`: the database set up and seeded with the real register data, a screened synthetic population and
the demo accounts; the DigiD and eHerkenning stand-ins, the data system's demo group and a life-events consumer
started beside the hub; the hub served; and all of it stopped with the hub.

Only thorbecke.hub.startup is imported at the top: the environment has to be set before the hub's settings load."""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from thorbecke.demo.group import Group
from thorbecke.hub.startup import setup

Say = Callable[[str], None]
IMPORTS = (
    "import_organisations",
    "import_products",
    "import_categories",
    "import_building_blocks",
    "import_agreements",
    "import_accessibility_register",
)
CREDENTIALS = "demo-accounts.txt"


def configure(host: str, port: int, https: bool, idp_port: int) -> None:
    """The demo's environment, set before the hub's settings load: trust the demo's identity stand-ins (at
    `idp_port`, on the hub's host), with the hub at `host`:`port` unless THORBECKE_PUBLIC_URL says otherwise."""
    os.environ["THORBECKE_DEMO_IDP"] = "1"
    scheme = "https" if https else "http"
    os.environ.setdefault("THORBECKE_PUBLIC_URL", f"{scheme}://{host}:{port}")
    os.environ["THORBECKE_DEMO_IDP_URL"] = f"http://{host}:{idp_port}"


def seed(data_dir: Path, say: Say = print) -> None:
    """Migrate; load the registers; build the search index and the report classifier (both cached); screen the demo
    population once; create the demo accounts. Each step is idempotent: a second start finds its work done."""
    from django.core.management import call_command

    from thorbecke.demo.algorithms import seed_algorithms
    from thorbecke.demo.landscape import seed_landscape
    from thorbecke.demo.own_algorithms import seed_own_algorithms
    from thorbecke.demo.proactive import ensure_screening
    from thorbecke.demo.steering_agenda import seed_steering_agenda
    from thorbecke.demo.steering_bottlenecks import seed_bottlenecks
    from thorbecke.hub.database import migrate
    from thorbecke.services.finder import get_index
    from thorbecke.signals.classifier import get_classifier

    migrate(say, verbosity=0)
    say("Database schema is up to date.")
    for command in IMPORTS:
        call_command(command)
    say(f"Demo IT landscape (illustrative): {seed_landscape()} entities of a few real organisations.")
    say(f"Algorithm register: {seed_algorithms()} example descriptions published under their own organisations.")
    say(f"Thorbecke's own algorithms: {seed_own_algorithms()} descriptions registered or given new benchmark figures.")
    # After the register is seeded: its agreement is measured from it, so the scorecard and the gaps show it.
    call_command("measure_algorithm_register")
    say("Building the search index (cached after the first run)...")
    get_index()
    say("Training the report classifier (cached after the first run)...")
    get_classifier()
    ensure_screening(data_dir, say=say)
    from thorbecke.demo.steering_goals import seed_commitments, seed_goals

    say(f"Steering: {seed_goals()} goals of the Digitalisation Strategy, {seed_commitments()} illustrative "
        "commitments.")
    say(f"Data bottlenecks (illustrative): {seed_bottlenecks()} reported, one of them decided as a precedent.")
    say(f"Investment agenda (illustrative): {seed_steering_agenda()} initiatives and a Steering Committee meeting.")
    from thorbecke.demo.cloud import seed_cloud

    for line in seed_cloud():
        say(f"Cloud: {line}")
    from thorbecke.demo.workforce_reports import seed_reports

    for line in seed_reports():
        say(f"Workforce: {line}")
    from thorbecke.demo.workforce_pools import seed_pools

    for line in seed_pools():
        say(f"Open pool: {line}")
    from thorbecke.demo.workforce_courses import seed_courses

    for line in seed_courses():
        say(f"Workforce: {line}")
    # Last: the indicators are computed from what every step above has put in the apps.
    call_command("steering_compute", months=12)
    say(f"Demo accounts (user name and password) are in {write_accounts(data_dir)}")


def write_accounts(data_dir: Path) -> Path:
    """Create the demo accounts that do not exist yet and add their user names and passwords to the credentials file
    in the data folder (readable by its owner only); returns the file's path."""
    from thorbecke.registry.accounts import ensure_demo_accounts

    created = ensure_demo_accounts()
    credentials = data_dir / CREDENTIALS
    if created:
        with credentials.open("a", encoding="utf-8") as handle:
            for username, password in created.items():
                handle.write(f"{username} {password}\n")
        credentials.chmod(0o600)
    return credentials


@contextmanager
def beside_the_hub(data_dir: Path, population: Path, say: Say = print) -> Iterator[Group]:
    """The identity stand-ins, the data system's demo group and a life-events consumer, running until the block ends.
    Raises identity_server.IdentityServerError when the stand-ins do not start (their port taken, say)."""
    from django.conf import settings

    from thorbecke.demo import data_system, identity_server
    from thorbecke.node.launcher import stop_with_parent

    identities = identity_server.start(settings.DEMO_IDP_URL)
    say(f"DigiD and eHerkenning stand-ins at {settings.DEMO_IDP_URL}")
    say("Starting the data system's demo nodes (Logius, RvIG, Belastingdienst, gemeente Utrecht)...")
    group = data_system.start(data_dir / "demo-group", population)
    # The settings are loaded already, and the server's workers are forked from this process: set both.
    os.environ["THORBECKE_HUB_NODE"] = settings.HUB_NODE = str(group.nodes["hub"].config)
    for node in group.nodes.values():
        say(f"  {node.name}: manager {node.manager_address}, admin http://127.0.0.1:{node.ports['admin']}")
    # Its own process, not a thread: the server forks its workers, and a fork must not copy a running consumer.
    consumer = subprocess.Popen(
        [sys.executable, "-m", "thorbecke.cli", "life-events", "follow"], preexec_fn=stop_with_parent
    )
    say(f"Life events: `thorbecke life-events publish --node {group.nodes['rvig'].config} ...` as RvIG.")
    try:
        yield group
    finally:
        for process in (consumer, identities):
            process.terminate()
            process.wait(timeout=10)
        group.stop()


def run(
    host: str,
    port: int,
    workers: int,
    tls_cert: Path | None,
    tls_key: Path | None,
    idp_port: int,
    serve: bool = True,
    say: Say = print,
) -> None:
    """The whole demo: configured, seeded, started beside the hub and (unless `serve` is false) served until stopped;
    what it started stops with it."""
    configure(host, port, tls_cert is not None, idp_port)
    setup()
    from django.conf import settings

    from thorbecke.hub.serving import serve as serve_hub

    data_dir = Path(settings.DATA_DIR)
    seed(data_dir, say)
    with beside_the_hub(data_dir, Path(settings.THORBECKE_POPULATION), say):
        if serve:
            serve_hub(host, port, workers, tls_cert, tls_key, say)
