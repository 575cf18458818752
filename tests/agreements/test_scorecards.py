import pytest

from thorbecke.agreements.models import Measurement
from thorbecke.agreements.scorecards import scorecards
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def measured(code, host, check, verdict):
    Measurement.objects.create(
        organisation=Organisation.objects.get(code=code), host=host, check_key=check, verdict=verdict
    )


def test_a_failure_is_never_hidden_and_the_latest_measurement_counts(client, register):
    measured("gm0344", "utrecht.nl", "https-hsts", "fail")
    measured("gm0344", "utrecht.nl", "https-hsts", "pass")  # later: fixed
    measured("gm0344", "www.utrecht.nl", "https-hsts", "pass")
    measured("gm0344", "utrecht.nl", "security-txt", "fail")
    measured("gm0344", "www.utrecht.nl", "security-txt", "pass")
    measured("gm0363", "amsterdam.nl", "https-hsts", "error")
    measured("gm0363", "amsterdam.nl", "security-headers", "pass")
    measured("gm0363", "www.amsterdam.nl", "security-headers", "error")
    rows = {row.organisation.code: row.lights for row in scorecards()}
    assert rows["gm0344"] == {"https-hsts": "meets", "security-headers": "none", "security-txt": "fails"}
    assert rows["gm0363"] == {"https-hsts": "error", "security-headers": "partly", "security-txt": "none"}
    page = client.get("/en/agreements/scorecard/").content.decode()
    assert "fails" in page and "partly measured" in page and "Utrecht" in page
    exported = client.get("/en/agreements/scorecard.json?type=gemeente").json()["organisations"]
    assert {o["organisation"] for o in exported} == {"gm0344", "gm0363"}
    assert client.get("/en/agreements/scorecard.json?type=provincie").json() == {"organisations": []}
    lines = client.get("/en/agreements/scorecard.csv").content.decode().splitlines()
    assert lines[0] == "organisation,name,type,hosts,https-hsts,security-headers,security-txt"
    assert any(line.startswith("gm0344,") and line.endswith(",meets,none,fails") for line in lines)
