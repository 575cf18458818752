"""Proactive services: a synthetic population, its screening against every scheme, and life events on the data
system."""

import datetime as dt
import os
import re
import threading
from pathlib import Path

import click

from thorbecke.hub.startup import setup


@click.command()
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder for the Parquet dataset.")
@click.option("--persons", type=click.IntRange(min=1), default=18_000_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same population.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True)
def population(out: Path, persons: int, seed: int, workers: int) -> None:
    """Generate a synthetic population from CBS distributions, partitioned by municipality."""
    setup()
    from django.conf import settings

    from thorbecke.population.generation import generate

    summary = generate(out, persons, seed, progress=lambda line: click.echo(line, err=True), workers=workers,
                       shared_dir=settings.SHARED_DATA_DIR)  # fmt: skip
    click.echo(f"{summary.persons:,} persons in {summary.households:,} households, {summary.files} files, "
               f"{summary.bytes / 1e6:.0f} MB, {summary.seconds:.1f} s")  # fmt: skip


@click.command()
@click.option("--population", type=click.Path(path_type=Path, exists=True, file_okay=False), required=True)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder for the results (resumable).")
@click.option("--period", default=lambda: f"{dt.date.today():%Y-%m}", show_default="this month", help="YYYY-MM")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True)
@click.option("--chunk", type=click.IntRange(min=1000), default=250_000, show_default=True, help="Persons a chunk.")
@click.option(
    "--scheduler",
    envvar="THORBECKE_DASK_SCHEDULER",
    help="A Dask cluster: local:N for N worker processes here, or tcp://host:port (default: a process pool).",
)
@click.option("--notify", is_flag=True, help="Tell the people likely entitled but not receiving, in their inbox.")
def screen(
    population: Path, out: Path, period: str, workers: int, chunk: int, scheduler: str | None, notify: bool
) -> None:
    """Screen every person against every scheme; keep the non-take-up figures on the hub."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise click.BadParameter("YYYY-MM, e.g. 2026-01", param_hint="--period")
    setup()
    from thorbecke.population.dataset import PopulationError
    from thorbecke.proactive import delivery, screening
    from thorbecke.proactive.runs import screen_and_record

    try:
        summary, _ = screen_and_record(
            population, out, period, workers=workers, chunk_persons=chunk, scheduler=scheduler,
            progress=screening.progress_bar(),
        )  # fmt: skip
    except (PopulationError, screening.ScreeningError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{summary.persons:,} persons in {summary.chunks} chunks ({summary.chunks_resumed} resumed), "
               f"{summary.seconds:.1f} s")  # fmt: skip
    for key, totals in summary.schemes.items():
        click.echo(f"  {key}: {totals.entitled:,} entitled, {totals.entitled_not_receiving:,} not receiving")
    if notify:
        click.echo(f"{delivery.notify(out):,} people told")


@click.group("life-events")
def life_events_group() -> None:
    """Life events on the data system: the registry publishes them, the hub re-screens whom they concern."""


@life_events_group.command("publish")
@click.option(
    "--node",
    "config",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    required=True,
    help="The registry's node configuration (node.json); the node must be running and name its population.",
)
@click.option("--coming-of-age", "day", type=click.DateTime(["%Y-%m-%d"]), help="Everyone who turns 18 on this day.")
@click.option("--move", nargs=2, type=(str, str), metavar="BSN GM....", help="A household moved to a municipality.")
@click.option("--birth", nargs=2, type=(str, str), metavar="BSN YYYY-MM-DD", help="A child was born to this parent.")
def life_events_publish(
    config: Path, day: dt.datetime | None, move: tuple[str, str] | None, birth: tuple[str, str] | None
) -> None:
    """Register a change at the source and publish it to every subscriber, as the registry (RvIG) does."""
    if sum(bool(given) for given in (day, move, birth)) != 1:
        raise click.UsageError("give one of --coming-of-age DAY, --move BSN GM.... or --birth BSN YYYY-MM-DD")
    moved = (_citizen_number(move[0], "--move"), move[1]) if move else None
    born = (_citizen_number(birth[0], "--birth"), _day(birth[1], "--birth")) if birth else None
    setup()
    from thorbecke.demo.life_events import NotPublished, register_and_publish
    from thorbecke.population.dataset import PopulationError

    try:
        ids = register_and_publish(config, day.date() if day else None, moved, born)
    except (NotPublished, PopulationError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(ids)} life event(s) published")


def _citizen_number(text: str, option: str) -> int:
    if not (text.isdigit() and len(text) == 9):
        raise click.BadParameter(f"a citizen number has nine digits: {text!r}", param_hint=option)
    return int(text)


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(f"a day, YYYY-MM-DD: {text!r}", param_hint=option) from exc


@life_events_group.command("follow")
@click.option("--once", is_flag=True, help="Handle what has arrived, then stop.")
@click.option(
    "--interval", type=click.FloatRange(min=0.1), default=1.0, show_default=True, help="Seconds between reads."
)
def life_events_follow(once: bool, interval: float) -> None:
    """As the hub: read life events from the hub's node and re-screen the households they concern."""
    setup()
    from thorbecke.exchange.federated import HubNode, NotConnected
    from thorbecke.proactive import life_events

    try:
        node = HubNode.configured()
        if once:
            result = life_events.consume(node)
            click.echo(f"{len(result.handled)} handled, {result.told} told, {len(result.refused)} refused")
            for reason in result.refused:
                click.echo(f"  refused: {reason}")
            return
    except NotConnected as exc:
        raise click.ClickException(str(exc)) from exc
    stop = threading.Event()
    try:
        life_events.follow(node, stop, interval, say=click.echo)
    except KeyboardInterrupt:
        stop.set()


COMMANDS = [population, screen, life_events_group]
