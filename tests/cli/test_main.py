"""`thorbecke --help`: every role's commands are on the one command."""

import re

from tests.cli.running import run


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    hub = ("hub", "migrate", "import-organisations", "create-user", "openapi", "manage")
    for command in ("demo", *hub, "node", "population", "screen", "life-events"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command
