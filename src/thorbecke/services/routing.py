"""Which organisation is the right door for a product, for a person at a place."""

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Domain, Organisation, OrganisationType
from thorbecke.registry.responsibility import Layer, Place, responsible
from thorbecke.services.models import Product

# A citizen's first door: the municipality when it provides the product, then the water
# board and the province, and central government last.
_PREFERENCE = [Layer.GEMEENTE, Layer.WATERSCHAP, Layer.PROVINCIE, Layer.RIJK]
_YOURS = {
    Layer.GEMEENTE: _("Your municipality provides this."),
    Layer.WATERSCHAP: _("Your water board provides this."),
    Layer.PROVINCIE: _("Your province provides this."),
}
_UNCERTAIN_BOARD = _(
    "This is most likely your water board; close to the boundary with another water board that is not certain."
)


# UPL products for reports in public space: the next step is Thorbecke's own report form, with the kind of problem
# (a Signalen category) chosen where the product names one.
_UPL = "http://standaarden.overheid.nl/owms/terms/"
REPORT_PRODUCTS = {
    _UPL + "melding_openbare_ruimte_(algemeen)": "",
    _UPL + "melding_openbare_ruimte_(groenvoorziening)": "openbaar-groen-en-water",
    _UPL + "melding_openbare_ruimte_(straatmeubilair)": "straatmeubilair",
    _UPL + "melding_openbare_ruimte_(straatverlichting)": "straatverlichting-openbare-klok",
}
_REGIONAL = [OrganisationType.GEMEENTE, OrganisationType.PROVINCIE, OrganisationType.WATERSCHAP]


@dataclass(frozen=True)
class Door:
    layer: str
    organisation: Organisation | None
    explanation: str
    candidates: list[Organisation] = field(default_factory=list)
    # The next step: the product's own page at the organisation, or the report form; with what the link says.
    next_url: str = ""
    next_label: str = ""

    @property
    def websites(self) -> list[str]:
        return [d.name for d in self.organisation.domains.all()] if self.organisation else []


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def sources_for_place(product: Product, organisations: list[Organisation]) -> list[str]:
    """The product's sources that fit the person: national pages, and the pages of their own municipality, province
    or water board; never another municipality's page."""
    hosts = {host_of(source) for source in product.sources}
    regional = dict(
        Domain.objects.filter(name__in=hosts, organisation__org_type__in=_REGIONAL).values_list(
            "name", "organisation_id"
        )
    )
    own = {o.pk for o in organisations}
    return [s for s in product.sources if host_of(s) not in regional or regional[host_of(s)] in own]


def _own_page(product: Product, organisation: Organisation) -> str:
    """The product's page on the organisation's own website, where the curated texts cite one."""
    domains = {d.name for d in organisation.domains.all()} - _GENERAL_SITES
    return next((s for s in product.sources if host_of(s) in domains and urlsplit(s).path.strip("/")), "")


def layer_for(product: Product) -> str:
    if product.agency:
        return Layer.RIJK
    return next((layer for layer in _PREFERENCE if layer in product.layers), Layer.RIJK)


def _organisation(code: str | None) -> Organisation | None:
    if not code:
        return None
    return Organisation.objects.prefetch_related("domains").filter(code=code, end_date__isnull=True).first()


def agency_named(name: str) -> Organisation | None:
    """The central-government organisation with this name or short name, if the register has it."""
    if not name:
        return None
    queryset = (
        Organisation.objects.prefetch_related("domains")
        .filter(end_date__isnull=True)
        .exclude(org_type__in=[OrganisationType.GEMEENTE, OrganisationType.PROVINCIE, OrganisationType.WATERSCHAP])
    )
    # Texts name agencies as people know them: "UWV", "Belastingdienst/Toeslagen", "Octrooicentrum (RVO)".
    inside = re.findall(r"\(([^)]+)\)", name)
    for candidate in (name, name.split("/")[0], *inside):
        candidate = candidate.strip()
        found = queryset.filter(name__iexact=candidate).first() or queryset.filter(short_name__iexact=candidate).first()
        if found:
            return found
    return None


def _national_source_owner(product: Product) -> Organisation | None:
    """A national organisation whose own website the curated texts cite: it delivers the product."""
    hosts = [host_of(s) for s in product.sources]
    found = (
        Domain.objects.filter(name__in=hosts, organisation__end_date__isnull=True)
        .exclude(organisation__org_type__in=_REGIONAL)
        .exclude(name__in=_GENERAL_SITES)
        .select_related("organisation")
    )
    by_host = {d.name: d.organisation for d in found}
    return next((by_host[h] for h in hosts if h in by_host), None)


# Sites of all central government, not of the organisation that delivers a product.
_GENERAL_SITES = {"rijksoverheid.nl", "overheid.nl", "wetten.overheid.nl", "standaarden.overheid.nl",
                  "lokaleregelgeving.overheid.nl", "government.nl", "ondernemersplein.nl", "regelhulp.nl"}  # fmt: skip


def _with_next_step(door: Door, product: Product) -> Door:
    if product.uri in REPORT_PRODUCTS:
        category = REPORT_PRODUCTS[product.uri]
        url = reverse("reporting:new") + (f"?{urlencode({'category': category})}" if category else "")
        return replace(door, next_url=url, next_label=str(_("Report it here, on the map")))
    if door.organisation is not None and (page := _own_page(product, door.organisation)):
        return replace(
            door, next_url=page, next_label=str(_("Go to this service on %(site)s") % {"site": host_of(page)})
        )
    return door


def door_for(product: Product, place: Place | None) -> Door:
    return _with_next_step(_door(product, place), product)


def _door(product: Product, place: Place | None) -> Door:
    layer = layer_for(product)
    if layer == Layer.RIJK:
        agency = agency_named(product.agency)
        if agency is None and product.agency:
            # Named by the curated texts, but not (yet) in the register: say who, without a register page.
            return Door(layer, None, str(_("This is arranged nationally by %(name)s.") % {"name": product.agency}))
        if (agency := agency or _national_source_owner(product)) is not None:
            return Door(layer, agency, str(_("This is arranged nationally by %(name)s.") % {"name": agency.name}))
        return Door(layer, None, str(_("This is arranged by central government; the agency is not yet recorded.")))
    if place is None:
        return Door(
            layer,
            None,
            str(_("Enter your postcode to find the %(layer)s that helps you.") % {"layer": Layer(layer).label}),
        )
    found = responsible(layer, place)
    if found.sole:
        # Near a board's boundary the register names the likeliest board: the door says the doubt, as a report does.
        explanation = _UNCERTAIN_BOARD if found.uncertain else _YOURS[found.layer]
        return Door(layer, _organisation(found.sole), str(explanation))
    # The register cannot tell which board holds the postcode: the person chooses among the candidates.
    candidates = [o for o in map(_organisation, found.codes) if o]
    return Door(
        layer, None, str(_("Your postcode lies in more than one water board; one of these helps you.")), candidates
    )
