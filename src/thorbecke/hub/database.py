"""The hub's database as its operator sees it: which one it is, whether its schema is up to date, bringing it up to
date."""

from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command


def describe() -> str:
    """The configured database in words, e.g. "SQLite at /srv/thorbecke/thorbecke.sqlite3"."""
    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        return f"SQLite at {db['NAME']}"
    return f"PostgreSQL database '{db['NAME']}' on {db.get('HOST') or 'local socket'}"


def pending_migrations() -> list[str]:
    """The migrations the database lacks, as app_label.name, in the order they would be applied."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def migrate(say: Callable[[str], None] = print, verbosity: int = 1) -> None:
    """Create or update the schema of the configured database, saying first which database it is."""
    say(f"Database: {describe()}")
    call_command("migrate", "--no-input", "--verbosity", str(verbosity))
