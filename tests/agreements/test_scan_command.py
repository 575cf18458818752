"""The scan command end to end, on a host of this machine only: it measures, records the day's scorecard
and opens the gaps; bad options are refused before anything is measured."""

import pytest
from django.core.management import CommandError, call_command

from thorbecke.agreements.models import Measurement, ScanRun, ScorecardDay
from thorbecke.registry.models import Domain, Organisation


@pytest.mark.django_db(transaction=True)  # the scan's worker threads have their own connections
def test_the_command_scans_an_organisations_hosts_and_keeps_the_day(register, monkeypatch, capsys):
    monkeypatch.setattr("thorbecke.agreements.scanning.RETRY_PAUSE", 0)
    utrecht = Organisation.objects.get(code="gm0344")
    Domain.objects.filter(organisation=utrecht).delete()  # its real domains are outside this machine
    Domain.objects.create(name="localhost", organisation=utrecht, source="test")
    call_command("scan_websites", organisation="gm0344", checks="web", nice=0)
    # Nothing listens on localhost:443 here: could not measure, with the reason, and never "meets".
    web = Measurement.objects.filter(host="localhost")
    assert {m.verdict for m in web} == {"error"} and web.count() == 3
    assert ScanRun.objects.get().state == "finished"
    assert Measurement.objects.filter(host="data system", check_key="exchange", verdict="fail").exists()
    # The algorithm register needs no host: read for the one organisation asked for, and no other.
    registered = Measurement.objects.filter(check_key="algorithm-register")
    assert list(registered.values_list("organisation__code", "verdict")) == [("gm0344", "fail")]
    assert ScorecardDay.objects.filter(org_type="gemeente", check_key="https-hsts").exists()
    assert "error: 3" in capsys.readouterr().out


@pytest.mark.django_db
def test_bad_options_are_refused_before_anything_is_measured(register):
    with pytest.raises(CommandError, match="Unknown checks smtp"):
        call_command("scan_websites", organisation="gm0344", checks="web,smtp", nice=0)
    with pytest.raises(CommandError, match="No registered domain"):
        call_command("scan_websites", organisation="gm9999", checks="web", nice=0)
    assert not ScanRun.objects.exists() and not Measurement.objects.exists()
