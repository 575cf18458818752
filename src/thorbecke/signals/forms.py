from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation
from thorbecke.signals.models import Category, RoutingRule, Status
from thorbecke.signals.photos import MAX_BYTES
from thorbecke.web.forms import DesignSystemFormMixin


class StatusForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done or decided; the reporter sees this note."),
    )


class ForwardForm(DesignSystemFormMixin, forms.Form):
    organisation = forms.CharField(
        label=_("Organisation code"), max_length=100, help_text=_("For example gm0363 or ws0155, as in the register.")
    )
    note = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_organisation(self) -> Organisation:
        code = self.cleaned_data["organisation"].strip()
        found = Organisation.objects.filter(code=code, end_date__isnull=True).first()
        if found is None:
            raise forms.ValidationError(_("There is no current organisation with this code."))
        return found


class StatusFilterForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    mine = forms.BooleanField(label=_("Only reports assigned to me"), required=False)


def _category_choices() -> list[tuple[str, object]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for category in Category.objects.filter(active=True, parent__isnull=False).select_related("parent"):
        groups.setdefault(category.parent.name, []).append((category.slug, category.name))
    return [("", _("Let us choose from your description")), *sorted(groups.items())]


class ReportForm(DesignSystemFormMixin, forms.Form):
    """The reporting page. Without JavaScript the address is the place; with it, the map fills lat and long."""

    description = forms.CharField(
        label=_("What is wrong?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what you see and where exactly, for example: the streetlight in front of number 12 is out."),
    )
    category = forms.ChoiceField(label=_("Kind of problem"), required=False)
    address = forms.CharField(
        label=_("Address or place"),
        max_length=300,
        required=False,
        help_text=_("Street, house number and postcode, for example: Domplein 29, 3512 JE Utrecht."),
    )
    photo = forms.ImageField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 8 MB. We remove the place and time stored in the photo."),
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("To hear what happens with your report. Signed in, you hear it on My page."),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    long = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"

    def clean_photo(self) -> object:
        photo = self.cleaned_data["photo"]
        if photo and photo.size > MAX_BYTES:
            raise forms.ValidationError(_("The photo is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
        return photo

    def clean(self) -> dict:
        data = super().clean()
        has_point = data.get("lat") is not None and data.get("long") is not None
        if not has_point and not data.get("address"):
            self.add_error("address", _("Give the address, or pick the place on the map."))
        return data


class FollowForm(DesignSystemFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), required=False, help_text=_("Not needed when you are signed in.")
    )


class SatisfactionForm(DesignSystemFormMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with how your report was handled?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("Very satisfied")),
            (4, _("Satisfied")),
            (3, _("Neutral")),
            (2, _("Dissatisfied")),
            (1, _("Very dissatisfied")),
        ],
    )


class AssignForm(DesignSystemFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model().objects.filter(membership__organisation=organisation, is_active=True).order_by("username")
        )


class RuleForm(DesignSystemFormMixin, forms.ModelForm):
    """A routing rule, with a sample point to test the draft against before it is saved."""

    area = forms.CharField(
        label=_("Area (organisation code)"), help_text=_("A municipality, province or water board, such as gm0363.")
    )
    handled_by = forms.CharField(label=_("Handled by (organisation code)"))
    sample_lat = forms.FloatField(label=_("Sample point: latitude"), required=False, min_value=50.7, max_value=53.8)
    sample_long = forms.FloatField(label=_("Sample point: longitude"), required=False, min_value=3.0, max_value=7.3)

    class Meta:
        model = RoutingRule
        fields = ["category", "area", "handled_by", "reason", "active"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["area"], self.initial["handled_by"] = self.instance.area.code, self.instance.handled_by.code

    def _organisation(self, name: str) -> Organisation:
        code = self.cleaned_data[name].strip().lower()
        found = Organisation.objects.filter(code=code, end_date__isnull=True).first()
        if found is None:
            raise forms.ValidationError(_("There is no current organisation with this code."))
        return found

    def clean_area(self) -> Organisation:
        area = self._organisation("area")
        if area.code[:2] not in ("gm", "pv", "ws"):
            raise forms.ValidationError(_("The area is a municipality (gm), province (pv) or water board (ws)."))
        return area

    def clean_handled_by(self) -> Organisation:
        return self._organisation("handled_by")
