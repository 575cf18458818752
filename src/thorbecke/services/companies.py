"""Companies at the front door: signed in with eHerkenning by their KVK number, with an inbox of their own."""

from django.contrib.auth import get_user_model
from django.db import transaction

from thorbecke.services.models import Company
from thorbecke.services.sign_in import EHERKENNING, ProviderBackend


def valid_kvk(number: str) -> bool:
    """A KVK number: eight digits (the Handelsregister's numbers carry no check digit)."""
    return len(number) == 8 and number.isdigit()


def company_key(kvk: str) -> str:
    """The inbox address of a company. KVK numbers are public, so unlike a citizen's it needs no pseudonym."""
    return f"kvk:{kvk}"


class CompanyBackend(ProviderBackend):
    """Maps the `kvk` claim of an eHerkenning-style identity provider to a company account."""

    provider = EHERKENNING

    def verify_claims(self, claims: dict) -> bool:
        return valid_kvk(str(claims.get("kvk", "")))

    def filter_users_by_claims(self, claims: dict):  # noqa: ANN201 - a QuerySet, as the base class returns
        return get_user_model().objects.filter(company__kvk=str(claims["kvk"]))

    @transaction.atomic
    def create_user(self, claims: dict):  # noqa: ANN201
        kvk = str(claims["kvk"])
        user = get_user_model().objects.create_user(username=f"company-{kvk}")
        user.set_unusable_password()
        user.save()
        Company.objects.create(user=user, kvk=kvk, name=str(claims.get("name", ""))[:200])
        return user

    def update_user(self, user, claims: dict):  # noqa: ANN001, ANN201
        Company.objects.filter(user=user).update(name=str(claims.get("name", ""))[:200])
        return user
