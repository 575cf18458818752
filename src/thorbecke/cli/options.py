"""Options more than one command takes."""

from pathlib import Path

import click

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

server_options = [
    click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on."),
    click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port to listen on."),
    click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes."),
    click.option(
        "--tls-cert", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="PEM certificate: serve HTTPS."
    ),
    click.option(
        "--tls-key",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="PEM private key for --tls-cert.",
    ),
]


def with_server_options(func: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(server_options):
        func = option(func)
    return func
