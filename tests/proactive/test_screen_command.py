"""`thorbecke population` and `thorbecke screen` end to end: a population, its screening, the non-take-up
figures on the hub, and the messages; bad input refused before anything is written."""

import pytest
from click.testing import CliRunner

from thorbecke.cli import main
from thorbecke.proactive.models import NonTakeUp, Screening
from thorbecke.services.models import Message

pytestmark = pytest.mark.django_db


def test_a_population_is_screened_counted_and_told(register, tmp_path):
    runner = CliRunner()
    made = runner.invoke(main, ["population", "--out", str(tmp_path / "pop"), "--persons", "3000", "--seed", "2"])
    assert made.exit_code == 0, made.output
    out = tmp_path / "results"
    args = ["screen", "--population", str(tmp_path / "pop"), "--out", str(out), "--period", "2026-01", "--workers", "1"]
    screened = runner.invoke(main, [*args, "--notify"])
    assert screened.exit_code == 0, screened.output
    assert "3,000 persons" in screened.output and "people told" in screened.output
    screening = Screening.objects.get()
    assert (screening.period, screening.persons) == ("2026-01", 3000)
    assert NonTakeUp.objects.filter(screening=screening, scheme="zorgtoeslag").exists()
    assert Message.objects.filter(subject_nl__startswith="U heeft misschien recht op").exists()
    # The same screening again resumes every chunk and tells nobody anything new.
    again = runner.invoke(main, [*args, "--notify"])
    assert "resumed" in again.output and "\n0 people told" in again.output


def test_bad_input_is_refused_before_anything_is_written(register, tmp_path):
    runner = CliRunner()
    (tmp_path / "pop" / "gemeente=GM0344").mkdir(parents=True)
    (tmp_path / "pop" / "gemeente=GM0344" / "part-0.parquet").write_bytes(b"PAR1 not really")
    out = tmp_path / "results"
    refused = runner.invoke(main, ["screen", "--population", str(tmp_path / "pop"), "--out", str(out)])
    assert refused.exit_code != 0 and "part-0.parquet" in refused.output
    assert not out.exists() and not Screening.objects.exists()
    bad_period = runner.invoke(main, ["screen", "--population", str(tmp_path / "pop"), "--out", str(out),
                                      "--period", "2026-13"])  # fmt: skip
    assert bad_period.exit_code == 2 and "YYYY-MM" in bad_period.output
