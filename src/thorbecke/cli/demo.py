"""`thorbecke demo`: the whole demo on one machine (thorbecke.demo.run does the work)."""

from pathlib import Path

import click

from thorbecke.cli.options import with_server_options


@click.command()
@with_server_options
@click.option("--no-serve", is_flag=True, help="Set up and seed, then stop without serving.")
@click.option("--idp-port", type=int, help="Port of the demo's DigiD and eHerkenning stand-ins.  [default: --port + 1]")
def demo(
    host: str,
    port: int,
    workers: int,
    tls_cert: Path | None,
    tls_key: Path | None,
    no_serve: bool,
    idp_port: int | None,
) -> None:
    """Set up the database, load the real register data and demo accounts, and serve the hub."""
    from thorbecke.demo.identity_server import IdentityServerError
    from thorbecke.demo.run import run

    idp_port = idp_port or port + 1
    try:
        run(host, port, workers, tls_cert, tls_key, idp_port, serve=not no_serve, say=click.echo)
    except IdentityServerError as exc:
        raise click.ClickException(f"{exc}; is port {idp_port} taken? Choose another with --idp-port") from exc


COMMANDS = [demo]
