from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from thorbecke.landscape.models import SHARED, Entity, Supplier
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.models import Organisation
from thorbecke.web.forms import DesignSystemFormMixin

MAX_UPLOAD = 20 * 1024 * 1024


class ImportForm(DesignSystemFormMixin, forms.Form):
    FORMATS = [
        ("backstage", _("Backstage catalog-info.yaml")),
        ("csv", _("CSV sheet")),
        ("cyclonedx", _("CycloneDX SBOM (JSON)")),
        ("cbom", _("CycloneDX CBOM: the cryptographic inventory (JSON)")),
    ]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    file = forms.FileField(
        label=_("File"),
        help_text=_("At most 20 MB. Entities in the file are added or updated; the file replaces their relations."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class ExerciseForm(DesignSystemFormMixin, forms.Form):
    """What fails is chosen from a list of what the person may see: the shared building blocks, the suppliers'
    shared services, a supplier or a hosting provider of what they may see, and their own organisation's components.
    A value is ``entity:<reference>``, ``supplier:<id>`` or ``hosting:<provider>``; anything not on the list is refused
    the same way, whether it exists or is only not theirs to see."""

    title = forms.CharField(label=_("Title"), max_length=200)
    target = forms.ChoiceField(
        label=_("What fails"),
        help_text=_("Type in the filter above the list to narrow it down."),
        error_messages={"required": _("Say what fails.")},
    )
    region = forms.CharField(
        label=_("Region"),
        max_length=64,
        required=False,
        help_text=_("Only for a hosting provider: one of its regions. Empty: all regions."),
    )
    notes = forms.CharField(label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, organisation: Organisation, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = self._choices(organisation, scope)

    @staticmethod
    def _choices(organisation: Organisation, scope: Scope) -> list:
        def entities(queryset: QuerySet[Entity]) -> list[tuple[str, str]]:
            return [(f"entity:{e.ref}", e.title or e.ref) for e in queryset.order_by("title", "name")]

        shared = Entity.objects.filter(namespace=SHARED)
        providers = scope.entities().exclude(hosting_provider="").values_list("hosting_provider", flat=True).distinct()
        suppliers = Supplier.objects.filter(scope.entity_filter("entities__"), entities__isnull=False).distinct()
        groups = [
            (_("Shared building blocks"), entities(shared.filter(type="building-block"))),
            (_("Shared services of suppliers"), entities(shared.exclude(type="building-block"))),
            (
                _("Suppliers (everything they supply)"),
                [(f"supplier:{s.pk}", s.name) for s in suppliers],
            ),
            (_("Hosting providers"), [(f"hosting:{p}", p) for p in sorted(set(providers))]),
            (
                format_lazy(_("Components of {name}"), name=organisation.name),
                entities(Entity.objects.filter(owner=organisation).exclude(namespace=SHARED)),
            ),
        ]
        return [("", _("Choose what fails")), *((label, options) for label, options in groups if options)]

    def scenario(self) -> dict[str, object]:
        kind, _sep, value = self.cleaned_data["target"].partition(":")
        if kind == "entity":
            return {"failure": "entity", "entity": value}
        if kind == "supplier":
            supplier = Supplier.objects.get(pk=int(value))
            return {"failure": "supplier", "supplier": supplier.pk, "supplier_name": supplier.name}
        return {"failure": "hosting", "provider": value, "region": self.cleaned_data["region"].strip()}
