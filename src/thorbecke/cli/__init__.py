"""The `thorbecke` command: one entry point for the hub, the demo and the administration.

One module a role: hub (serve, migrate, the register, accounts, the API document, Django's commands), node, demo and
proactive (the population, its screening, life events). A command parses its options, calls one function of the
layer the work belongs to, and says the outcome; Django is set up only by the commands that need it."""

import click

from thorbecke.cli import demo, hub, node, proactive


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Thorbecke: one government in the digital world.

    The database is SQLite under ./var unless THORBECKE_DATABASE_URL names another
    (for example postgresql://postgres@127.0.0.1:5432/thorbecke).
    """


for role in (demo, hub, node, proactive):
    for command in role.COMMANDS:
        main.add_command(command)
