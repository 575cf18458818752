"""Citizens at the front door: pseudonymous keys, sign-in through OpenID Connect, and their inbox."""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest

from thorbecke.registry.models import Organisation
from thorbecke.services.models import Citizen, Message
from thorbecke.services.sign_in import DIGID, ProviderBackend


def valid_bsn(bsn: str) -> bool:
    """Nine digits that pass the 'elfproef' of the burgerservicenummer."""
    if len(bsn) != 9 or not bsn.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(bsn[:8], range(9, 1, -1), strict=True)) - int(bsn[8])
    return total % 11 == 0 and bsn != "000000000"


def citizen_key(bsn: str) -> str:
    """A stable pseudonym: the hub can address a person without holding their citizen number."""
    secret = hashlib.sha256(("citizen-key:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(secret, bsn.encode(), hashlib.sha256).hexdigest()


def send_message(bsn: str, sender: Organisation | None, subject: tuple[str, str], body: tuple[str, str]) -> Message:
    """Deliver a message in Dutch and English to a person's inbox; the one way other apps write to it."""
    if not valid_bsn(bsn):
        raise ValueError("not a valid citizen number")
    return message_citizen(citizen_key(bsn), sender, subject, body)


def send_messages(
    messages: list[tuple[str, Organisation | None, tuple[str, str], tuple[str, str]]],
) -> list[Message]:
    """Many messages at once, each (pseudonym, sender, subject, body): for proactive notices to thousands."""
    return Message.objects.bulk_create(
        [
            Message(
                recipient_key=key,
                sender=sender,
                subject_nl=subject[0][:200],
                subject_en=subject[1][:200],
                body_nl=body[0],
                body_en=body[1],
            )
            for key, sender, subject, body in messages
        ],
        batch_size=2000,
    )


def message_citizen(key: str, sender: Organisation | None, subject: tuple[str, str], body: tuple[str, str]) -> Message:
    """As send_message, to a person known only by their pseudonym (a signed-in reporter, say)."""
    return Message.objects.create(
        recipient_key=key,
        sender=sender,
        subject_nl=subject[0],
        subject_en=subject[1],
        body_nl=body[0],
        body_en=body[1],
    )


SESSION_BSN = "citizen_bsn"


def session_bsn(request: HttpRequest, citizen: Citizen) -> str | None:
    """The signed-in person's citizen number, if this session holds it and it is theirs."""
    bsn = request.session.get(SESSION_BSN)
    return bsn if bsn and citizen_key(bsn) == citizen.key else None


class CitizenBackend(ProviderBackend):
    """Maps the `bsn` claim of a DigiD-style identity provider to a pseudonymous citizen account."""

    provider = DIGID

    def verify_claims(self, claims: dict) -> bool:
        return valid_bsn(str(claims.get("bsn", "")))

    def filter_users_by_claims(self, claims: dict):  # noqa: ANN201 - a QuerySet, as the base class returns
        return get_user_model().objects.filter(citizen__key=citizen_key(str(claims["bsn"])))

    def _remember_for_this_session(self, claims: dict) -> None:
        # The data system is asked by citizen number; the hub keeps it only in the person's own session.
        request = getattr(self, "request", None)
        if request is not None:
            request.session[SESSION_BSN] = str(claims["bsn"])

    @transaction.atomic
    def create_user(self, claims: dict):  # noqa: ANN201
        self._remember_for_this_session(claims)
        key = citizen_key(str(claims["bsn"]))
        user = get_user_model().objects.create_user(username=f"citizen-{key[:24]}")
        user.set_unusable_password()
        user.save()
        Citizen.objects.create(user=user, key=key, name=str(claims.get("name", ""))[:200])
        return user

    def update_user(self, user, claims: dict):  # noqa: ANN001, ANN201
        self._remember_for_this_session(claims)
        Citizen.objects.filter(user=user).update(name=str(claims.get("name", ""))[:200])
        return user
