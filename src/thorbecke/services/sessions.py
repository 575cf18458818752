"""Sessions as long as the way in warrants (docs/decisions/0033-csp-and-production-settings.md).

Staff sign in with a password for a day's work: SESSION_COOKIE_AGE. People and companies sign in through DigiD or
eHerkenning, often on a shared or public computer, and their session holds the citizen number: it ends when the
browser closes and, on the server, CITIZEN_SESSION_AGE after it was last changed (DigiD's own session is shorter
still). Sessions are stored in the database as Django's default engine stores them.
"""

from functools import lru_cache

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.module_loading import import_string

from thorbecke.services.sign_in import ProviderBackend


@lru_cache(maxsize=8)
def _through_identity_provider(backend: str) -> bool:
    try:
        return issubclass(import_string(backend), ProviderBackend)
    except ImportError:
        return False


class SessionStore(DatabaseSessionStore):
    def _through_identity_provider(self) -> bool:
        backend = self.get(BACKEND_SESSION_KEY)
        return bool(backend) and _through_identity_provider(str(backend))

    def get_session_cookie_age(self) -> int:
        return settings.CITIZEN_SESSION_AGE if self._through_identity_provider() else settings.SESSION_COOKIE_AGE

    def get_expire_at_browser_close(self) -> bool:
        return self._through_identity_provider() or super().get_expire_at_browser_close()
