"""`thorbecke node`: an organisation's node, enrolled in the demo group first when asked."""

import threading
from pathlib import Path

import click

from thorbecke.hub.startup import setup


@click.command()
@click.option("--org", "organisation", help="Code of the organisation whose node this is, e.g. gm0344.")
@click.option("--config", type=click.Path(path_type=Path), help="Node configuration (default: from --org).")
@click.option("--enrol", is_flag=True, help="First enrol the organisation in the demo group (certificate, config).")
@click.option("--manager-port", default=8443, show_default=True, type=int, help="Manager port when enrolling.")
@click.option("--inway-port", default=8444, show_default=True, type=int, help="Inway port when enrolling.")
@click.option("--outway-port", default=8080, show_default=True, type=int, help="Outway port when enrolling.")
@click.option("--admin-port", default=8081, show_default=True, type=int, help="Admin API port when enrolling.")
def node(
    organisation: str | None,
    config: Path | None,
    enrol: bool,
    manager_port: int,
    inway_port: int,
    outway_port: int,
    admin_port: int,
) -> None:
    """Run an organisation's node: its FSC manager, inway and outway, and its processing log."""
    from thorbecke.node.runner import run

    if config is None:
        if not organisation:
            raise click.UsageError("give --org or --config")
        setup()
        from django.conf import settings

        from thorbecke.exchange.enrolment import node_config
        from thorbecke.registry.models import Organisation

        ports = {"manager": manager_port, "inway": inway_port, "outway": outway_port, "admin": admin_port}
        try:
            config = node_config(organisation, Path(settings.DATA_DIR), ports if enrol else None, say=click.echo)
        except Organisation.DoesNotExist as exc:
            raise click.ClickException(str(exc)) from exc
        anchor_dir = Path(settings.DATA_DIR) / "trust-anchor"
        if (anchor_dir / "ca.pem").exists():
            # Enrolled from this machine's anchor: no one else holds its key to keep its CRL current.
            from thorbecke.node.pki import keep_crl_current

            keep_crl_current(anchor_dir, threading.Event())
    if not config.exists():
        raise click.ClickException(f"no node configuration at {config}; enrol with --enrol or write one")
    try:
        run(config)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


COMMANDS = [node]
