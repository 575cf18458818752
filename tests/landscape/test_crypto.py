import json
from datetime import date

import pytest

from tests.registry.test_permissions import utrecht_crypto, utrecht_entity
from thorbecke.landscape import crypto
from thorbecke.landscape.catalog import CatalogError
from thorbecke.landscape.models import CryptoAsset, QuantumStatus, ReadinessSnapshot
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("names", "years", "asset_type", "status"),
    [
        (["RSA-2048"], 0, "algorithm", QuantumStatus.VULNERABLE),
        (["ECDSA", "P-256"], 0, "algorithm", QuantumStatus.VULNERABLE),
        (["Ed25519"], 0, "algorithm", QuantumStatus.VULNERABLE),
        (["ECDH", "secp384r1"], 0, "algorithm", QuantumStatus.VULNERABLE),
        (["SHA-1"], 0, "algorithm", QuantumStatus.VULNERABLE),  # broken already
        (["AES-128-GCM"], 20, "algorithm", QuantumStatus.UPGRADE),
        (["SHA-256"], 10, "algorithm", QuantumStatus.UPGRADE),
        (["AES-128-GCM"], 1, "algorithm", QuantumStatus.READY),
        (["AES-256-GCM"], 30, "algorithm", QuantumStatus.READY),
        (["ML-KEM-768"], 0, "algorithm", QuantumStatus.READY),
        (["ML-DSA-65"], 0, "algorithm", QuantumStatus.READY),
        (["SLH-DSA-SHA2-128s"], 0, "algorithm", QuantumStatus.READY),
        (["X25519MLKEM768"], 0, "algorithm", QuantumStatus.READY),  # hybrid
        (["TLS", "TLS_AES_256_GCM_SHA384"], 0, "protocol", QuantumStatus.VULNERABLE),  # classical key exchange
        (["TLS", "TLS_AES_256_GCM_SHA384", "X25519MLKEM768"], 0, "protocol", QuantumStatus.READY),
        (["Blowfish"], 0, "algorithm", QuantumStatus.UNKNOWN),
    ],
)
def test_every_entry_is_classified(names, years, asset_type, status):
    assert crypto.classify(names, years, asset_type).status == status


def cbom(*components, dependencies=None):
    return json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": list(components), **(
        {"dependencies": dependencies} if dependencies else {}
    )})  # fmt: skip


def asset(name, ref, asset_type="algorithm", years=None, **properties):
    extra = [{"name": "thorbecke:confidentiality-years", "value": str(years)}] if years is not None else []
    return {
        "type": "cryptographic-asset",
        "name": name,
        "bom-ref": ref,
        "cryptoProperties": {"assetType": asset_type, **properties},
        "properties": extra,
    }


def test_a_cbom_links_assets_to_the_entities_using_them_and_orders_migrations_by_mosca(register, settings):
    settings.PQC_QUANTUM_YEAR = date.today().year + 10
    zaken = utrecht_entity()
    utrecht = Organisation.objects.get(code="gm0344")
    app = {"type": "application", "name": "Zaken", "bom-ref": "app", "properties": [
        {"name": "thorbecke:ref", "value": "component:gm0344/zaken"}]}  # fmt: skip
    text = cbom(
        app,
        asset("RSA-2048", "rsa", years=20),
        asset("ECDSA-P256", "ecdsa", years=1),
        asset("ML-KEM-768", "mlkem", years=20),
        asset(
            "TLS 1.3",
            "tls",
            "protocol",
            protocolProperties={"type": "tls", "version": "1.3", "cipherSuites": [{"name": "TLS_AES_128_GCM_SHA256"}]},
        ),
        dependencies=[{"ref": "app", "dependsOn": ["rsa", "ecdsa", "mlkem", "tls"]}],
    )
    assert crypto.import_cbom(utrecht, crypto.read_cbom(text, "gm0344")) == 4
    assert set(CryptoAsset.objects.values_list("entity", flat=True)) == {zaken.pk}
    order = [(row["asset"].name, row["exposure"]) for row in crypto.priorities(Scope.everything(), utrecht)]
    # x + y - z: RSA 20 + 3 - 10 = 13; the TLS key exchange 0 + 3 - 10; ECDSA 1 + 3 - 10
    assert order == [("RSA-2048", 13), ("ECDSA-P256", -6), ("TLS 1.3", -7)]
    assert crypto.counts(utrecht) == {"vulnerable": 3, "upgrade": 0, "ready": 1, "unknown": 0, "total": 4}
    assert ReadinessSnapshot.objects.get(organisation=utrecht, day=date.today()).ready == 1
    (row,) = crypto.readiness(Scope.everything())
    assert row["share_ready"] == 0.25


@pytest.mark.parametrize(
    ("component", "words"),
    [
        ({"type": "cryptographic-asset", "name": "x", "cryptoProperties": {"assetType": "magic"}}, "assetType"),
        ({**asset("RSA", "r"), "properties": [{"name": "thorbecke:confidentiality-years", "value": "ever"}]}, "years"),
        ({**asset("RSA", "r"), "properties": [{"name": "thorbecke:entity", "value": "component:gm0363/x"}]}, "not one"),
    ],
)
def test_a_bad_cbom_changes_nothing_and_names_the_component(register, component, words):
    utrecht_crypto()
    before = list(CryptoAsset.objects.values_list("pk", "name", "status"))
    utrecht = Organisation.objects.get(code="gm0344")
    with pytest.raises(CatalogError, match=words) as caught:
        crypto.import_cbom(utrecht, crypto.read_cbom(cbom(asset("AES-256", "aes"), component), "gm0344"))
    assert caught.value.where == "components[1]"
    assert list(CryptoAsset.objects.values_list("pk", "name", "status")) == before


def test_the_post_quantum_api_gives_the_government_wide_figures(client, accounts):
    from tests.conftest import PASSWORD

    utrecht_crypto()
    assert client.get("/api/v1/landscape/post-quantum").status_code == 401
    client.login(username="programme", password=PASSWORD)  # per organisation: the programme sees them all
    answer = client.get("/api/v1/landscape/post-quantum").json()
    assert answer["vulnerable"] == 1 and answer["organisations"][0]["organisation"] == "gm0344"
