import asyncio

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import mldsa

from thorbecke.node.contracts import Signer
from thorbecke.node.pki import TrustAnchor

GROUP = "thorbecke-demo"
# Test OINs (prefix 00000099, the OIN-stelsel's range for tests) for the tax office, Utrecht and a third peer.
OIN_TAX_OFFICE = "00000099000000001000"
OIN_UTRECHT = "00000099000000002000"
OIN_DIRECTORY = "00000099000000003000"


@pytest.fixture
def anchor(tmp_path):
    return TrustAnchor.create(tmp_path / "anchor", GROUP)


@pytest.fixture
def peers(anchor, tmp_path):
    """Signers for the tax office (provider), Utrecht (consumer) and the directory, each with an ML-DSA key."""
    signers = {}
    for name, organisation, oin in [
        ("tax", "Belastingdienst", OIN_TAX_OFFICE),
        ("utrecht", "Gemeente Utrecht", OIN_UTRECHT),
        ("directory", "Rijksdienst voor Identiteitsgegevens", OIN_DIRECTORY),
    ]:
        issued = anchor.issue(tmp_path / name, organisation, oin)
        pq = tmp_path / name / "mldsa.key"
        pq.write_bytes(
            mldsa.MLDSA65PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        signers[name] = Signer.from_files(issued.certificate, issued.key, pq)
    return signers


def run_async(scenario):
    """Run a coroutine function to completion on its own loop in its own thread: the browser tests'
    Playwright keeps an event loop running on the main thread for the whole session."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario()).result()
