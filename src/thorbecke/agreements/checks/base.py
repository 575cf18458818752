"""What every check of the agreed standards shares: the host it measures (``Target``), what it finds (``Result``)
with its verdict (``PASS``, ``FAIL``, or ``ERROR`` for "could not measure"), and ``Unmeasurable``, the reason a
measurement could not be made.

A check never raises and never passes what it could not see: whatever goes wrong on the wire becomes
``Unmeasurable`` with a reason a person can read, and that becomes a result that could not be measured.
"""

import http.client
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

PASS, FAIL, ERROR = "pass", "fail", "error"
TIMEOUT = 10.0  # seconds for one connection
USER_AGENT = "Thorbecke compliance check"


@dataclass(frozen=True)
class Target:
    host: str
    https_port: int = 443
    http_port: int = 80
    ca_file: str | None = None  # None: the system's trust store


@dataclass
class Result:
    check: str
    verdict: str  # pass, fail, or error (could not measure)
    evidence: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def could_not_measure(self, *reasons: str) -> "Result":
        """This result as "could not measure", for the reasons given."""
        self.verdict, self.problems = ERROR, list(reasons)
        return self

    def conclude(self) -> "Result":
        """The verdict of what was measured: pass when no problem was found, else fail."""
        self.verdict = FAIL if self.problems else PASS
        return self


class Unmeasurable(Exception):
    """Something could not be measured; the message says why."""


@lru_cache(maxsize=16)  # a memo per trust store, not a value the process keeps (see caches)
def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """A client context that verifies against ``ca_file`` (None: the system's trust store), TLS 1.2 at least."""
    # Loading the system's trust store costs 20-50 ms of CPU, three times a host: one context per trust
    # store, shared by the scan's threads (an SSLContext is safe to share), makes the checks cheap.
    context = ssl.create_default_context(cafile=ca_file)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@contextmanager
def reasons(host: str, timeout: float) -> Iterator[None]:
    """What goes wrong on the wire, as Unmeasurable with a reason a person can read."""
    try:
        yield
    except ssl.SSLCertVerificationError as exc:
        raise Unmeasurable(f"the certificate does not verify: {exc.verify_message}") from None
    except ssl.SSLError as exc:
        raise Unmeasurable(f"TLS failed: {exc.reason or exc}") from None
    except socket.gaierror as exc:
        raise Unmeasurable(f"{host} does not resolve: {exc.strerror}") from None
    except TimeoutError:
        raise Unmeasurable(f"no answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise Unmeasurable(f"the connection failed: {exc}") from None
