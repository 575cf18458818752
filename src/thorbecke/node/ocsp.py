"""Asking a certificate's OCSP responder (RFC 6960, named in its AIA extension) before the verifier judges it.

The verifier's check is synchronous and on every request's path; this fetch is the asynchronous part, done
before the check and only for certificates without a current answer (at most every ``OCSP_RETRY_SECONDS`` per
certificate, so a responder that is down does not slow every request). An answer that does not come in time
leaves the decision to the CRL, and without a current CRL the certificate is refused (decision 0018).
"""

import asyncio
import contextlib
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from thorbecke.node.pki import TrustError, Verifier
from thorbecke.node.upstream import Pool, UpstreamError

OCSP_TIMEOUT = 2.0


async def fetch_statuses(
    verifier: Verifier, certificate: x509.Certificate, intermediates: Sequence[x509.Certificate] = ()
) -> None:
    """Ask the responders of the chain's certificates that have no current answer; keep what checks out."""
    try:
        due = verifier.ocsp_due(certificate, intermediates, time.monotonic())
    except TrustError:
        return  # the chain itself is refused: the check says why
    for issued, issuer, url in due:
        # SHA-1 for the CertID: what RFC 5019 responders (PKIoverheid's among them) are required to accept.
        request = ocsp.OCSPRequestBuilder().add_certificate(issued, issuer, hashes.SHA1()).build()
        parts = urlsplit(url)
        pool = Pool(parts.hostname or "127.0.0.1", parts.port or 80, timeout=OCSP_TIMEOUT)
        try:
            response = await asyncio.wait_for(
                pool.request(
                    "POST",
                    (parts.path or "/").encode(),
                    [(b"content-type", b"application/ocsp-request")],
                    request.public_bytes(serialization.Encoding.DER),
                ),
                OCSP_TIMEOUT,
            )
        except (UpstreamError, TimeoutError, OSError):
            continue
        finally:
            pool.close()
        if response.status == 200:
            with contextlib.suppress(TrustError, ValueError):
                verifier.remember_ocsp(issued, issuer, response.body)
