"""The Haven Compliancy Checker's printed result, in the shape a public README quotes it (16 checks)."""

import pytest
from django.utils import translation

from thorbecke.cloud.haven import HavenError, parse

ROWS = [
    ("Fundamental", "Self test: HCC version is latest major or within 3 months upgrade window"),
    ("Fundamental", "Self test: does HCC have cluster-admin"),
    ("Infrastructure", "Multiple availability zones in use"),
    ("Infrastructure", "Running at least 3 master nodes"),
    ("Infrastructure", "Running at least 3 worker nodes"),
    ("Infrastructure", "Nodes have SELinux, Grsecurity, AppArmor, LKRG, Talos or Flatcar enabled"),
    ("Infrastructure", "Private networking topology"),
    ("Cluster", "Kubernetes version is latest stable or max 3 minor versions behind"),
    ("Cluster", "Role Based Access Control is enabled"),
    ("Cluster", "Basic auth is disabled"),
    ("Cluster", "ReadWriteMany persistent volumes support"),
    ("External", "CNCF Kubernetes Conformance"),
    ("Deployment", "Automated HTTPS certificate provisioning"),
    ("Deployment", "Log aggregation is running"),
    ("Deployment", "Metrics-server is running"),
    ("Validation", "SHA has been validated"),
]
LINE = "+----------------+" + "-" * 76 + "+--------+"


def output(failing: tuple[str, ...] = (), summary: str | None = None) -> str:
    rows = [f"| {c:<14} | {n:<74} | {'NO' if n in failing else 'YES':<6} |" for c, n in ROWS]
    passed = 16 - len(failing)
    verdict = "This is NOT a Haven Compliant cluster." if failing else "This is a Haven Compliant cluster."
    summary = summary or f"Results: {passed} out of 16 checks passed, 0 checks skipped, 0 checks unknown. {verdict}"
    return "\n".join(["[I] Running checks", LINE, f"| {'CATEGORY':^14} | {'NAME':^74} | PASSED |", LINE, *rows,
                      LINE, "", summary, ""])  # fmt: skip


def test_a_compliant_cluster():
    result = parse(output())
    assert len(result["checks"]) == 16 and all(c["passed"] for c in result["checks"])
    assert result["checks"][11] == {"category": "External", "name": "CNCF Kubernetes Conformance", "passed": True}
    assert result["summary"].startswith("Results: 16 out of 16") and result["compliant"] is True


def test_one_failed_check_and_the_checkers_verdict():
    result = parse(output(failing=("Running at least 3 worker nodes",)))
    assert [c["name"] for c in result["checks"] if not c["passed"]] == ["Running at least 3 worker nodes"]
    assert result["compliant"] is False and "NOT" in result["summary"]


def test_rows_all_yes_but_the_summary_says_not():
    # The quoted real summary: 11 of 15 passed, NOT compliant; the rows (cut short?) cannot outvote it.
    summary = (
        "Results: 11 out of 15 checks passed, 0 checks skipped, 0 checks unknown. "
        "This is NOT a Haven Compliant cluster."
    )
    assert parse(output(summary=summary))["compliant"] is False


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("kubectl get nodes\nNAME STATUS", r"CATEGORY \| NAME \| PASSED"),
        (output().replace("| YES    |", "| MAYBE  |", 1), "Line 5"),
        (output().rsplit("Results:", 1)[0], "summary line"),
        ("\n".join(output().splitlines()[:4]) + "\nResults: 0 out of 0", "no checks"),
    ],
)
def test_wrong_shapes_are_refused_with_a_clear_message(text, says):
    with translation.override("en"), pytest.raises(HavenError, match=says):
        parse(text)
