import datetime as dt
from collections.abc import Callable

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.geo import InvalidPostcode, UnknownPostcode, get_locator
from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.signals.intake import has_markup, postcode_in
from thorbecke.signals.lookups import all_services, lookups
from thorbecke.signals.models import Audience, Category, RoutingRule, ServiceRequest, Status
from thorbecke.signals.photos import MAX_BYTES
from thorbecke.signals.places import suggestions
from thorbecke.web.forms import DesignSystemFormMixin


class StatusForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done or decided."),
    )
    # No default: who reads a note is chosen each time, never assumed.
    audience = forms.ChoiceField(
        label=_("Who may read this note?"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who may read this note.")},
    )


class ForwardForm(DesignSystemFormMixin, forms.Form):
    """Forwarding picks from the register: the organisations suggested for the report's place and category
    first, then every current organisation by type; the page's filter box narrows the list (web/filtered_field)."""

    organisation = forms.ChoiceField(
        label=_("Forward to"), error_messages={"invalid_choice": _("Choose an organisation from the list.")}
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The organisation you forward the report to reads this; your internal notes stay with you."),
    )

    def __init__(self, *args: object, report: ServiceRequest, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.current = {o.code: o for o in lookups().organisations.values() if o.end_date is None}
        suggested = [s for s in suggestions(report) if s.organisation.code in self.current]
        taken = {s.organisation.code for s in suggested}
        # The groups in the register's order of types: municipalities, provinces, water boards, ...
        by_type: dict[str, list[tuple[str, str]]] = {value: [] for value in OrganisationType.values}
        for organisation in sorted(self.current.values(), key=lambda o: o.sort_name):
            if organisation.code not in taken:
                by_type[organisation.org_type].append((organisation.code, f"{organisation.name} ({organisation.code})"))
        here = [(s.organisation.code, f"{s.organisation.name} ({s.reason})") for s in suggested]
        self.fields["organisation"].choices = [
            ("", _("Choose an organisation")),
            *([(_("Suggested for this place"), here)] if here else []),
            *[(OrganisationType(kind).label, group) for kind, group in by_type.items() if group],
        ]

    def clean_organisation(self) -> Organisation:
        return self.current[self.cleaned_data["organisation"]]


class StatusFilterForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    mine = forms.BooleanField(label=_("Only reports assigned to me"), required=False)


def _category_choices() -> list[tuple[str, object]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for category in all_services():
        groups.setdefault(category.parent.name, []).append((category.slug, category.name))
    return [("", _("Let us choose from your description")), *sorted(groups.items())]


def spoken(text: str) -> str:
    """The part of a bilingual question text ("Dutch / English", as categories.yaml has them) in the
    language of the page."""
    dutch, _slash, english = text.partition(" / ")
    return english if english and get_language() == "en" else dutch


def known_postcode(postcode: str) -> bool:
    try:
        get_locator().for_postcode(postcode)
    except (InvalidPostcode, UnknownPostcode):
        return False
    return True


def public_answers(report: ServiceRequest) -> list[tuple[str, str]]:
    """The answers to the category's questions, as (question, answer) in the page's language. None of
    the questions asks about the reporter; an answer to a question the category no longer asks is left out."""
    answers = []
    for question in report.category.attributes:
        given = report.attributes.get(question["code"])
        if given in (None, "", []):
            continue
        names = {v["key"]: spoken(v["name"]) for v in question["values"]}
        values = given if isinstance(given, list) else [given]
        answers.append((spoken(question["description"]), ", ".join(names.get(v, v) for v in values)))
    return answers


def question_field_name(category: Category, code: str) -> str:
    return f"question-{category.slug}-{code}"


def _question_field(question: dict) -> forms.Field:
    """A form field for one Open311 service attribute; whether it must be answered is checked for
    the category the report ends up in (check_answers), not here."""
    common = {"label": spoken(question["description"]), "required": False}
    if question["datatype_description"]:
        common["help_text"] = spoken(question["datatype_description"])
    choices = [(v["key"], spoken(v["name"])) for v in question["values"]]
    if question["datatype"] == "multivaluelist":
        return forms.MultipleChoiceField(choices=choices, **common)
    if question["datatype"] == "singlevaluelist":
        return forms.ChoiceField(choices=[("", "-"), *choices], **common)
    if question["datatype"] == "number":
        return forms.DecimalField(**common)
    if question["datatype"] == "datetime":
        return forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common)
    if question["datatype"] == "text":
        return forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    return forms.CharField(max_length=300, **common)


# The map fills these in; anything else came from elsewhere, and the person can only pick again.
_NOT_A_POINT = {
    key: _("This is not a place on the map: click the place again, or give the address.")
    for key in ("invalid", "min_value", "max_value")
}


def _plain(text: str) -> str:
    if has_markup(text):
        raise forms.ValidationError(_("Write plain text only, without markup or script such as <script>."))
    return text


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
    lat = forms.FloatField(
        label=_("Place on the map"),
        required=False,
        widget=forms.HiddenInput,
        min_value=-90,
        max_value=90,
        error_messages=_NOT_A_POINT,
    )
    long = forms.FloatField(
        label=_("Place on the map"),
        required=False,
        widget=forms.HiddenInput,
        min_value=-180,
        max_value=180,
        error_messages=_NOT_A_POINT,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        # The questions of every category that asks any: without JavaScript all are shown, each group
        # under its category's name; with it, only the chosen category's.
        self.asking = [c for c in all_services() if c.attributes]
        questions = {question_field_name(c, q["code"]): _question_field(q) for c in self.asking for q in c.attributes}
        # Before the form copies its fields, so that they are dressed like the others.
        self.base_fields = {**type(self).base_fields, **questions}
        self._questions = set(questions)
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

    def clean_description(self) -> str:
        return _plain(self.cleaned_data["description"])

    def clean_address(self) -> str:
        return _plain(self.cleaned_data["address"])

    def clean(self) -> dict:
        data = super().clean()
        has_point = data.get("lat") is not None and data.get("long") is not None
        if has_point or "address" not in data or "lat" in self.errors or "long" in self.errors:
            return data
        if not data["address"]:
            self.add_error("address", _("Give the address, or pick the place on the map."))
        elif not (postcode := postcode_in(data["address"])):
            self.add_error(
                "address", _("Add the postcode to the address, such as 3512 JE, or pick the place on the map.")
            )
        elif not known_postcode(postcode):
            self.add_error(
                "address",
                _("Postcode %(postcode)s does not exist. Check it, or pick the place on the map.")
                % {"postcode": postcode[:4]},
            )
        return data

    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if field.name not in self._questions]

    def question_groups(self) -> list[tuple[Category, list[forms.BoundField]]]:
        return [(c, [self[question_field_name(c, q["code"])] for q in c.attributes]) for c in self.asking]

    def answers(self, category: Category) -> Callable[[str], list[str]]:
        """What was answered to the category's questions, as Open311 carries it: strings."""

        def given(code: str) -> list[str]:
            value = self.cleaned_data.get(question_field_name(category, code))
            values = value if isinstance(value, list) else [] if value in (None, "") else [value]
            return [v.isoformat() if isinstance(v, dt.datetime) else str(v) for v in values]

        return given


class PlaceForm(forms.Form):
    """What the reporting page's map asks to have said in words."""

    lat = forms.FloatField(min_value=-90, max_value=90)
    long = forms.FloatField(min_value=-180, max_value=180)
    address = forms.CharField(max_length=300, required=False)


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
