"""A Haven Compliancy Checker result, as ``haven check`` prints it: a table of CATEGORY | NAME | PASSED with YES or
NO per check, and a summary line ("Results: 11 out of 15 checks passed, ... This is NOT a Haven Compliant
cluster."). Haven is VNG Realisatie's standard for Kubernetes platforms (https://haven.commonground.nl).

The checker's JSON mode is not used: its field names are not documented where we could read them, the table is."""

import re

from django.utils.translation import gettext as _

HEADER = ("CATEGORY", "NAME", "PASSED")
ANSWERS = {"YES": True, "NO": False}
SUMMARY = re.compile(r"^\s*Results:.*$", re.MULTILINE)


class HavenError(ValueError):
    """Output that is not a Haven Compliancy Checker result."""


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse(output: str) -> dict:
    """``{"checks": [{"category", "name", "passed"}], "summary", "compliant"}`` of the checker's printed output.

    Compliant only when every check passed and the summary does not say NOT: the checker's own verdict and the rows
    must agree, so a table cut short cannot pass for a compliant cluster."""
    lines = output.splitlines()
    header = next((i for i, line in enumerate(lines) if "|" in line and tuple(_cells(line)) == HEADER), None)
    if header is None:
        raise HavenError(_("This is not a Haven Compliancy Checker result: no table with CATEGORY | NAME | PASSED."))
    checks = []
    for number, line in enumerate(lines[header + 1 :], start=header + 2):
        if not line.strip() or line.strip().startswith("+"):
            continue
        if "|" not in line:
            break
        cells = _cells(line)
        if len(cells) != 3 or not cells[0] or not cells[1] or cells[2].upper() not in ANSWERS:
            raise HavenError(
                _("Line %(line)d of the Haven result is not a check with CATEGORY | NAME | YES or NO.")
                % {"line": number}
            )
        checks.append({"category": cells[0], "name": cells[1], "passed": ANSWERS[cells[2].upper()]})
    if not checks:
        raise HavenError(_("The Haven result's table has no checks."))
    found = SUMMARY.search(output)
    if found is None:
        raise HavenError(_('The Haven result has no summary line ("Results: ...").'))
    summary = found.group(0).strip()
    compliant = all(c["passed"] for c in checks) and " NOT " not in f" {summary} "
    return {"checks": checks, "summary": summary, "compliant": compliant}
