"""Adding a provider and an offering to the catalogue. Bad input is refused with the field named, and nothing is
stored: a KVK number that is not eight digits or is already used, a country or location that is not an ISO code, a
deployment or key holder that the provider's ownership chain contradicts, a certificate already expired, a level
above 0 without evidence, a code not in the current definitions, an offering that would run on itself.

The rule for a third-country public cloud (decision 0052): it is what a provider outside the EU, itself or through a
parent, offers; a provider whose whole chain is in the EU may call its offering that only when data is stored or
processed outside the EU, for then a third country's law reaches it all the same."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thorbecke.cloud import haven, taxonomy
from thorbecke.cloud.catalogue import Filters
from thorbecke.cloud.countries import ISO_3166
from thorbecke.cloud.framework import framework
from thorbecke.cloud.models import Certification, Offering, Provider
from thorbecke.registry.countries import EU
from thorbecke.web.forms import DesignSystemFormMixin


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in ISO_3166:
        raise forms.ValidationError(
            _("'%(value)s' is not an ISO 3166-1 alpha-2 country code such as NL or DE.") % {"value": value.strip()}
        )
    return code


def _countries(value: str) -> list[str]:
    return list(dict.fromkeys(_country(v) for v in value.replace(";", ",").split(",") if v.strip()))


def deployment_conflict(deployment: str, provider_countries: list[str], locations: list[str]) -> str:
    """Why the deployment contradicts the provider's ownership chain and where data is kept; empty when it does not."""
    outside = [c for c in provider_countries if c not in EU]
    if deployment == "dutch-public" and any(c != "NL" for c in provider_countries):
        return str(_("A Dutch public cloud is owned in the Netherlands; this provider's chain reaches %(c)s.")) % {
            "c": ", ".join(c for c in provider_countries if c != "NL")
        }
    if deployment == "eu-public" and outside:
        return str(_("An EU public cloud is owned in the EU; this provider's chain reaches %(c)s.")) % {
            "c": ", ".join(outside)
        }
    if deployment == "third-country-public" and not outside and all(c in EU for c in locations):
        return str(_("This provider's chain is entirely in the EU and its data stays in the EU: choose a Dutch or "
                     "EU public cloud, or state the locations outside the EU."))  # fmt: skip
    return ""


class ProviderForm(DesignSystemFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kvk_number = forms.CharField(
        label=_("KVK number"), required=False, max_length=20,
        help_text=_("Eight digits, as in the Dutch Chamber of Commerce's register; empty when it is not "
                    "registered there."),
    )  # fmt: skip
    country = forms.CharField(
        label=_("Country of establishment"), max_length=2, help_text=_("Two-letter ISO 3166-1 code, e.g. NL.")
    )
    ownership_chain = forms.CharField(
        label=_("Ownership chain"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One owner per line, nearest first up to the ultimate parent: its name, a comma, its country "
                    "code. For example: Hyper Cloud Inc., US"),
    )  # fmt: skip
    government = forms.BooleanField(label=_("Government service provider"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Provider.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("A provider of this name is already in the catalogue."))
        return name

    def clean_kvk_number(self) -> str | None:
        number = self.cleaned_data["kvk_number"].strip()
        if not number:
            return None
        if not (len(number) == 8 and number.isascii() and number.isdigit()):
            raise forms.ValidationError(_("A KVK number has eight digits."))
        if Provider.objects.filter(kvk_number=number).exists():
            raise forms.ValidationError(_("This KVK number is already used by a provider in the catalogue."))
        return number

    def clean_country(self) -> str:
        return _country(self.cleaned_data["country"])

    def clean_ownership_chain(self) -> list[dict]:
        chain = []
        for number, line in enumerate(self.cleaned_data["ownership_chain"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _comma, country = line.rpartition(",")
            if not name.strip():
                raise forms.ValidationError(
                    _("Line %(n)d: give the owner's name, a comma and its country code.") % {"n": number}
                )
            try:
                chain.append({"name": name.strip(), "country": _country(country)})
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("Line %(n)d: %(error)s") % {"n": number, "error": error.messages[0]}
                ) from None
        return chain


class CertificationForm(DesignSystemFormMixin, forms.Form):
    scheme = forms.CharField(label=_("Scheme"), max_length=40, help_text=_("e.g. ISO/IEC 27001, BSI C5, SecNumCloud."))
    scope = forms.CharField(label=_("Scope"), max_length=300)
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    expires_on = forms.DateField(label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_expires_on(self) -> date:
        expires = self.cleaned_data["expires_on"]
        if expires < timezone.localdate():
            raise forms.ValidationError(_("This certificate has already expired; only a valid one can be entered."))
        return expires


CertificationFormSet = forms.formset_factory(CertificationForm, extra=3)


def objective_fields(code: str) -> tuple[str, str]:
    key = code.lower().replace("-", "")
    return f"{key}_level", f"{key}_evidence"


# The checker prints a table of some twenty rows: a few kB. A file far larger is not its output, and is not read.
HAVEN_MAX_BYTES = 100_000


class OfferingForm(DesignSystemFormMixin, forms.Form):
    provider = forms.ChoiceField(label=_("Provider"))
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Service description"), widget=forms.Textarea(attrs={"rows": 4}))
    service_model = forms.ChoiceField(label=_("Service model"))
    deployment = forms.ChoiceField(label=_("Deployment"))
    data_locations = forms.CharField(
        label=_("Countries where data is stored"), help_text=_("ISO codes separated by commas, e.g. NL, DE.")
    )
    processing_locations = forms.CharField(
        label=_("Countries where data is processed"),
        help_text=_("ISO codes separated by commas, including where support and administrators reach it from."),
    )
    key_holder = forms.ChoiceField(label=_("Who holds the keys"))
    support_territory = forms.ChoiceField(label=_("Where support is run from"))
    classification = forms.ChoiceField(label=_("Highest classification allowed"))
    availability = forms.DecimalField(
        label=_("Availability (%)"), required=False, min_value=0, max_value=100, decimal_places=3
    )
    price_eur = forms.DecimalField(
        label=_("Price (euro per unit per month)"), required=False, min_value=0, decimal_places=2
    )
    price_unit = forms.CharField(label=_("Price unit"), max_length=40, required=False, help_text=_("e.g. vCPU, TB."))
    exit_extraction = forms.BooleanField(label=_("Data extracted at the end of the contract"), required=False)
    exit_formats = forms.CharField(label=_("Export formats"), max_length=200, required=False)
    exit_notice_days = forms.IntegerField(label=_("Days to get the data out"), required=False, min_value=0)
    runs_on = forms.MultipleChoiceField(
        label=_("Runs on"), required=False,
        help_text=_("The offerings this one is built on; it inherits their weakest sovereignty level."),
    )  # fmt: skip
    haven_output = forms.CharField(
        label=_("Haven Compliancy Checker output"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a Containers as a Service offering: paste what 'haven check' printed, or upload it below."),
    )  # fmt: skip
    haven_file = forms.FileField(label=_("Or upload the Haven output"), required=False)

    def __init__(self, *args: object, instance: Offering | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        tax = taxonomy.current()
        self.taxonomy = tax
        self.fields["provider"].choices = [("", _("Choose a provider")),
                                           *Provider.objects.values_list("pk", "name")]  # fmt: skip
        for field, section in (("service_model", "service_models"), ("deployment", "deployments"),
                               ("key_holder", "key_holders"), ("support_territory", "territories"),
                               ("classification", "classifications")):  # fmt: skip
            self.fields[field].choices = [("", _("Choose")), *tax.choices(section)]
        others = Offering.objects.select_related("provider")
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        self.fields["runs_on"].choices = [(o.pk, str(o)) for o in others]
        levels = [(str(v.level), f"{v.level}: {v.name}") for v in framework().levels]
        for objective in framework().objectives:
            level, evidence = objective_fields(objective.code)
            self.fields[level] = forms.TypedChoiceField(
                label=_("%(code)s %(name)s: level") % {"code": objective.code, "name": objective.name},
                choices=levels, coerce=int, initial="0", help_text=objective.text,
            )  # fmt: skip
            self.fields[evidence] = forms.CharField(
                label=_("%(code)s %(name)s: evidence") % {"code": objective.code, "name": objective.name},
                required=False, widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Required for a level above 0: the facts the level rests on."),
            )  # fmt: skip
        # Added after the mixin styled the declared fields: styled here the same way.
        for name in self.fields:
            if name.endswith(("_level", "_evidence")):
                self.fields[name].widget.attrs.setdefault(
                    "class", "utrecht-select utrecht-select--html-select" if name.endswith("_level")
                    else "utrecht-textarea utrecht-textarea--html-textarea",
                )  # fmt: skip

    def objectives(self) -> list[tuple]:
        return [
            (o, self[objective_fields(o.code)[0]], self[objective_fields(o.code)[1]]) for o in framework().objectives
        ]

    def clean_data_locations(self) -> list[str]:
        return _countries(self.cleaned_data["data_locations"])

    def clean_processing_locations(self) -> list[str]:
        return _countries(self.cleaned_data["processing_locations"])

    def clean_provider(self) -> Provider:
        return Provider.objects.get(pk=self.cleaned_data["provider"])

    def clean_runs_on(self) -> list[Offering]:
        chosen = list(Offering.objects.filter(pk__in=self.cleaned_data["runs_on"]))
        if self.instance is not None and any(self._reaches(o.pk, self.instance.pk) for o in chosen):
            raise forms.ValidationError(_("This would make the offering run on itself, down the chain."))
        return chosen

    @staticmethod
    def _reaches(start: int, target: int) -> bool:
        links: dict[int, list[int]] = {}
        for source, to in Offering.runs_on.through.objects.values_list("from_offering_id", "to_offering_id"):
            links.setdefault(source, []).append(to)
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == target:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(links.get(node, ()))
        return False

    def clean(self) -> dict:
        data = super().clean()
        provider = data.get("provider")
        locations = [*data.get("data_locations", []), *data.get("processing_locations", [])]
        if provider and data.get("deployment") and "data_locations" in data and "processing_locations" in data:
            conflict = deployment_conflict(data["deployment"], provider.countries, locations)
            if conflict:
                self.add_error("deployment", conflict)
        if provider and data.get("key_holder") == "provider-eu" and any(c not in EU for c in provider.countries):
            self.add_error("key_holder", _("The provider's chain reaches outside the EU (%(c)s): its keys are not "
                                           "held under EU law alone.") % {"c": ", ".join(
                                               c for c in provider.countries if c not in EU)})  # fmt: skip
        if provider and data.get("name"):
            same = Offering.objects.filter(provider=provider, name__iexact=data["name"].strip())
            if self.instance is not None:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("name", _("This provider already has an offering of this name."))
        for objective in framework().objectives:
            level, evidence = objective_fields(objective.code)
            if data.get(level, 0) > 0 and not (data.get(evidence) or "").strip():
                self.add_error(evidence, _("Give the evidence for a level above 0."))
        data["haven"] = self._haven(data)
        return data

    def _haven(self, data: dict) -> dict | None:
        upload = data.get("haven_file")
        if upload and upload.size > HAVEN_MAX_BYTES:
            self.add_error("haven_file", _("The file is larger than %(size)s kB.") % {"size": HAVEN_MAX_BYTES // 1000})
            return None
        text = upload.read().decode("utf-8", "replace") if upload else (data.get("haven_output") or "")
        if not text.strip():
            return self.instance.haven if self.instance is not None else None
        if data.get("service_model") != "caas":
            self.add_error("haven_output", _("A Haven result belongs to a Containers as a Service offering."))
            return None
        try:
            return haven.parse(text)
        except haven.HavenError as error:
            self.add_error("haven_file" if upload else "haven_output", str(error))
            return None


YES_NO = {"yes": True, "no": False}


class SearchForm(DesignSystemFormMixin, forms.Form):
    """The catalogue's search box and filters, read from the query string; a filter left empty filters nothing."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        help_text=_("Words in the name, the provider or the service description."))  # fmt: skip
    service_model = forms.ChoiceField(label=_("Service model"), required=False)
    deployment = forms.ChoiceField(label=_("Deployment"), required=False)
    classification = forms.ChoiceField(label=_("Allowed for at least"), required=False)
    kept_in = forms.ChoiceField(
        label=_("Data stored and processed"), required=False,
        choices=[("", _("Anywhere")), ("nl", pgettext_lazy("cloud catalogue", "in the Netherlands only")),
                 ("eu", pgettext_lazy("cloud catalogue", "in the EU only"))],
    )  # fmt: skip
    key_holder = forms.ChoiceField(label=_("Who holds the keys"), required=False)
    certification = forms.ChoiceField(label=_("Valid certificate"), required=False)
    haven = forms.ChoiceField(
        label=_("Haven Compliant"), required=False,
        choices=[("", _("Either")), ("yes", _("Yes")), ("no", _("No or not checked"))],
    )  # fmt: skip
    exit_terms = forms.ChoiceField(label=_("Exit terms"), required=False,
                                   choices=[("", _("Either")), ("yes", _("Data extracted in named formats")),
                                            ("no", _("None stated"))])  # fmt: skip
    government = forms.ChoiceField(label=_("Provider"), required=False,
                                   choices=[("", _("Government or supplier")), ("yes", _("Government")),
                                            ("no", _("Supplier"))])  # fmt: skip
    min_score = forms.IntegerField(label=_("Minimum Sovereignty Score"), required=False, min_value=0, max_value=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("score", _("Sovereignty Score")), ("name", _("Name")), ("price", _("Price"))])  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        tax = taxonomy.current()
        for field, section in (("service_model", "service_models"), ("deployment", "deployments"),
                               ("key_holder", "key_holders"), ("classification", "classifications")):  # fmt: skip
            self.fields[field].choices = [("", _("Any")), *tax.choices(section)]
        schemes = Certification.objects.order_by("scheme").values_list("scheme", flat=True).distinct()
        self.fields["certification"].choices = [("", _("Any")), *((s, s) for s in schemes)]

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            text=data.get("q", ""), service_model=data.get("service_model", ""),
            deployment=data.get("deployment", ""), classification=data.get("classification", ""),
            kept_in=data.get("kept_in", ""), key_holder=data.get("key_holder", ""),
            certification=data.get("certification", ""), haven=YES_NO.get(data.get("haven", "")),
            exit_terms=YES_NO.get(data.get("exit_terms", "")), government=YES_NO.get(data.get("government", "")),
            min_score=data.get("min_score"), sort=data.get("sort") or "score",
        )  # fmt: skip
