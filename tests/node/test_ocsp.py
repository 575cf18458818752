"""OCSP where a certificate names a responder (AIA): a real responder on loopback, answering from its CA's
revocations; a current answer stands in for a CRL the node does not have, and 'revoked' refuses."""

import asyncio

import pytest

from tests.node.conftest import OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from thorbecke.node.ocsp import fetch_statuses
from thorbecke.node.pki import TrustAnchor, TrustError, Verifier, load_chain, pkioverheid_chain
from thorbecke.node.server import Server


class Responder:
    """The issuing CA's OCSP responder: POST application/ocsp-request, answered by the CA itself."""

    def __init__(self, authority: TrustAnchor) -> None:
        self.authority, self.asked = authority, 0

    async def __call__(self, scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.asked += 1
        answer = self.authority.ocsp_response(body)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/ocsp-response")]})  # fmt: skip
        await send({"type": "http.response.body", "body": answer})


def test_ocsp_answers_stand_in_for_a_missing_crl_and_revoked_refuses(tmp_path):
    async def scenario():
        root, issuing = pkioverheid_chain(tmp_path / "pkio")
        responder = Responder(issuing)
        server = Server(responder, "127.0.0.1", 0)
        await server.start()
        try:
            url = f"http://127.0.0.1:{server.port}/ocsp"
            good = load_chain(issuing.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT, ocsp_url=url).certificate)
            bad = issuing.issue(tmp_path / "t", "Belastingdienst", OIN_TAX_OFFICE, ocsp_url=url)
            issuing.revoke(bad.serial_number)
            bad_chain = load_chain(bad.certificate)
            # The node has the root's CRL, not the issuing CA's: only OCSP can tell about the node certificates.
            verifier = Verifier([root.certificate_path], [root.crl_path])
            with pytest.raises(TrustError, match="no CRL"):
                verifier.check(good[0], good[1:])
            await fetch_statuses(verifier, good[0], good[1:])
            assert verifier.check(good[0], good[1:]) == OIN_UTRECHT
            await fetch_statuses(verifier, bad_chain[0], bad_chain[1:])
            with pytest.raises(TrustError, match="revoked"):
                verifier.check(bad_chain[0], bad_chain[1:])
            asked = responder.asked
            await fetch_statuses(verifier, good[0], good[1:])  # a current answer is not asked again
            assert responder.asked == asked
        finally:
            await server.stop()
        # The responder gone, a cached answer still holds until its nextUpdate; a fresh verifier has none.
        fresh = Verifier([root.certificate_path], [root.crl_path])
        await asyncio.wait_for(fetch_statuses(fresh, good[0], good[1:]), 10)
        with pytest.raises(TrustError, match="no CRL"):
            fresh.check(good[0], good[1:])
        assert verifier.check(good[0], good[1:]) == OIN_UTRECHT

    run_async(scenario)
