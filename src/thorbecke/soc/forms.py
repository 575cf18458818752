import ipaddress
import json
import re
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation
from thorbecke.soc.models import Tlp
from thorbecke.soc.sharing import MARKING_OF, RECIPIENTS
from thorbecke.web.forms import DesignSystemFormMixin


class ShareForm(DesignSystemFormMixin, forms.Form):
    bundle = forms.CharField(
        label=_("STIX 2.1 bundle (JSON)"),
        max_length=2_000_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Every object needs exactly one TLP marking in object_marking_refs. For TLP:AMBER, name the receiving "
            "organisations in x_thorbecke_recipients (TOOI codes, e.g. gm0363)."
        ),
    )

    def clean_bundle(self) -> list:
        try:
            bundle = json.loads(self.cleaned_data["bundle"])
        except json.JSONDecodeError as exc:
            # Where it went wrong, in the reader's words; the parser's own English sentence helps no one here.
            raise forms.ValidationError(
                _("This is not valid JSON: check line %(line)d, column %(column)d (a missing comma, quote or bracket).")
                % {"line": exc.lineno, "column": exc.colno}
            ) from None
        if not isinstance(bundle, dict) or bundle.get("type") != "bundle":
            raise forms.ValidationError(_('Paste a STIX bundle: {"type": "bundle", "objects": [...]}.'))
        return bundle.get("objects")

    @property
    def objects(self) -> list:
        return self.cleaned_data["bundle"]


# A domain name's labels: letters, digits and hyphens (after IDNA), not starting or ending with a hyphen.
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
HASHES = {32: "MD5", 40: "'SHA-1'", 64: "'SHA-256'"}


def _quoted(value: str) -> str:
    """A STIX pattern string literal: backslash and quote escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _address(value: str) -> str:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        raise forms.ValidationError(
            _("This is not an IPv4 or IPv6 address, such as 198.51.100.1 or 2001:db8::1.")
        ) from None
    return f"[ipv{address.version}-addr:value = {_quoted(str(address))}]"


def _domain(value: str) -> str:
    name = value.lower().rstrip(".")
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_name = ""
    labels = ascii_name.split(".")
    if (
        len(labels) < 2
        or len(ascii_name) > 253
        or not all(LABEL.match(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise forms.ValidationError(_("This is not a domain name, such as phishing.example."))
    return f"[domain-name:value = {_quoted(name)}]"


def _url(value: str) -> str:
    scheme, _sep, rest = value.partition("://")
    if scheme.lower() not in ("http", "https") or not rest or rest[0] in "/?#" or any(c.isspace() for c in value):
        raise forms.ValidationError(
            _("A web address starts with http:// or https:// and names a host, such as https://phishing.example/login.")
        )
    return f"[url:value = {_quoted(value)}]"


def _hash(value: str) -> str:
    digest = value.lower()
    if len(digest) not in HASHES or not re.fullmatch(r"[0-9a-f]+", digest):
        raise forms.ValidationError(_("A file hash is 32 (MD5), 40 (SHA-1) or 64 (SHA-256) characters 0-9 and a-f."))
    return f"[file:hashes.{HASHES[len(digest)]} = {_quoted(digest)}]"


PATTERNS = {"ip": _address, "domain": _domain, "url": _url, "hash": _hash}


class IndicatorForm(DesignSystemFormMixin, forms.Form):
    """One indicator of a common kind, with its TLP and recipients; it becomes a STIX 2.1 indicator shared the
    way a pasted bundle is."""

    kind = forms.ChoiceField(
        label=_("Kind of indicator"),
        choices=[
            ("ip", _("IP address (IPv4 or IPv6)")),
            ("domain", _("Domain name")),
            ("url", _("Web address (URL)")),
            ("hash", _("File hash (MD5, SHA-1 or SHA-256)")),
        ],
        widget=forms.RadioSelect,
    )
    value = forms.CharField(label=_("Value"), max_length=2048, strip=True)
    name = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("What it is, such as a phishing campaign or a command server; optional."),
    )
    tlp = forms.ChoiceField(
        label=_("Who may read it (TLP)"),
        choices=Tlp.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "TLP:RED stays with your organisation, TLP:AMBER reaches only the recipients below, TLP:GREEN every "
            "government organisation, TLP:CLEAR everyone."
        ),
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=Organisation.objects.filter(end_date__isnull=True).order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Only with TLP:AMBER or TLP:AMBER+STRICT. Hold Ctrl (Cmd on a Mac) to choose more than one."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, value = data.get("kind"), data.get("value")
        if kind and value:
            try:
                data["pattern"] = PATTERNS[kind](value)
            except forms.ValidationError as error:
                self.add_error("value", error)
        amber = data.get("tlp") in (Tlp.AMBER, Tlp.AMBER_STRICT)
        if data.get("recipients") and data.get("tlp") and not amber:
            self.add_error("recipients", _("Recipients go only with TLP:AMBER or TLP:AMBER+STRICT."))
        if amber and not data.get("recipients"):
            self.add_error("recipients", _("Choose with TLP:AMBER the organisations that may read it."))
        return data

    @property
    def objects(self) -> list[dict[str, Any]]:
        """The indicator as the one object of a bundle, for the same checks and store as a pasted one."""
        data = self.cleaned_data
        now = timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        body = {
            "type": "indicator",
            "spec_version": "2.1",
            "id": f"indicator--{uuid.uuid4()}",
            "created": now,
            "modified": now,
            "name": data["name"] or data["value"],
            "pattern": data["pattern"],
            "pattern_type": "stix",
            "valid_from": now,
            "object_marking_refs": [MARKING_OF[data["tlp"]]],
        }
        if data["recipients"]:
            body[RECIPIENTS] = [organisation.code for organisation in data["recipients"]]
        return [body]
