"""The hub's commands: serve it, migrate its database, load the register, create accounts, print the API document,
and Django's own management commands."""

import os
from pathlib import Path

import click

from thorbecke.cli.options import with_server_options
from thorbecke.hub.startup import setup


@click.command()
@with_server_options
def hub(host: str, port: int, workers: int, tls_cert: Path | None, tls_key: Path | None) -> None:
    """Serve the hub against the configured database (run `thorbecke migrate` first)."""
    if os.environ.get("THORBECKE_DEMO_IDP"):
        raise click.ClickException("THORBECKE_DEMO_IDP signs anyone in: it is only for `thorbecke demo`.")
    setup()
    from thorbecke.hub.database import describe, pending_migrations
    from thorbecke.hub.serving import serve

    pending = pending_migrations()
    if pending:
        raise click.ClickException(
            f"The database ({describe()}) lacks {len(pending)} migration(s), "
            f"e.g. {pending[0]}. Run `thorbecke migrate` first."
        )
    serve(host, port, workers, tls_cert, tls_key, say=click.echo)


@click.command()
def migrate() -> None:
    """Create or update the database schema."""
    setup()
    from thorbecke.hub.database import migrate as migrate_database

    migrate_database(say=click.echo)


@click.command("import-organisations")
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with the source files (default: ../shared/data).",
)
def import_organisations(data_dir: Path | None) -> None:
    """Load the register of government organisations (idempotent, all or nothing)."""
    setup()
    from django.core.management import call_command

    call_command("import_organisations", *(["--data-dir", str(data_dir)] if data_dir else []))


@click.command("create-user")
@click.argument("username")
@click.option("--org", "organisation", required=True, help="Code of the organisation, e.g. gm0363.")
@click.option(
    "--role", type=click.Choice(["viewer", "editor", "admin", "programme"]), default="viewer", show_default=True
)
@click.password_option(help="Password (asked when not given).")
def create_user(username: str, organisation: str, role: str, password: str) -> None:
    """Create a staff account that belongs to one organisation."""
    setup()
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError

    from thorbecke.registry.accounts import create_account
    from thorbecke.registry.models import Organisation

    try:
        create_account(username, organisation, role, password)
    except Organisation.DoesNotExist as exc:
        raise click.ClickException(f"There is no current organisation with code '{organisation}'.") from exc
    except ValidationError as exc:
        raise click.ClickException(" ".join(exc.messages)) from exc
    except IntegrityError as exc:
        raise click.ClickException(f"The user name '{username}' is taken.") from exc
    click.echo(f"Created {username} ({role}) for {organisation}.")


@click.command()
def openapi() -> None:
    """Print the OpenAPI document of /api/v1 (committed as docs/api/openapi-v1.json)."""
    setup()
    from thorbecke.hub.urls import api
    from thorbecke.web.api import openapi_document

    click.echo(openapi_document(api))


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def manage(ctx: click.Context) -> None:
    """Run a Django management command, e.g. `thorbecke manage check --deploy`."""
    setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thorbecke manage", *ctx.args])


COMMANDS = [hub, migrate, import_organisations, create_user, openapi, manage]
