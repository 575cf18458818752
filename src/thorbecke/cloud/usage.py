"""Which organisations already use an offering: those with a contract for it, and those whose IT landscape says
their services are hosted at its provider.

The landscape names a hosting provider as its owners typed it ("Microsoft Azure", "Leaseweb"); it is taken to be
this offering's provider when, letters and digits only and lower case, it equals the provider's name or starts with
its brand (the provider's name up to a bracket or dash: "Leaseweb (LeaseWeb Global B.V.)" has the brand
"leaseweb"). Who uses what is each organisation's own landscape: everyone sees how many organisations use an
offering, only the programme sees which (and an organisation sees itself among them)."""

import re
from dataclasses import dataclass

from thorbecke.cloud.contract_pooling import normalised
from thorbecke.cloud.models import Contract, Offering
from thorbecke.landscape.cloud_hosting import organisations_by_hosting_provider
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.models import Organisation


def brand(provider_name: str) -> str:
    return normalised(re.split(r"[(\u2014\u2013-]", provider_name, maxsplit=1)[0])


def hosted_at(provider_name: str, hosting_provider: str) -> bool:
    key, name = brand(provider_name), normalised(hosting_provider)
    return bool(key) and (name == normalised(provider_name) or name.startswith(key))


@dataclass(frozen=True)
class Usage:
    organisations: list[Organisation]
    by_contract: int
    by_landscape: int

    @property
    def count(self) -> int:
        return len(self.organisations)


def users_of(offering: Offering) -> Usage:
    contracted = {
        c.organisation_id: c.organisation
        for c in Contract.objects.filter(offering=offering).select_related("organisation")
    }
    hosted: dict[int, Organisation] = {}
    for name, organisations in organisations_by_hosting_provider(Scope.everything()).items():
        if hosted_at(offering.provider.name, name):
            hosted.update({o.pk: o for o in organisations})
    everyone = {**hosted, **contracted}
    return Usage(sorted(everyone.values(), key=lambda o: o.sort_name), len(contracted), len(hosted))
