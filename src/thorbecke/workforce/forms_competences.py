"""The programme's upload of a profile set: a YAML file, checked whole by ``competences.load_profile_set``; a wrong
file is refused with the field named, and nothing is stored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.web.forms import DesignSystemFormMixin, uploaded_text
from thorbecke.workforce import competences

# 61 KWIV profiles with a dozen competences each come to some 60 kB; a margin, and no more is read into memory.
MAX_BYTES = 300_000


class ProfileSetForm(DesignSystemFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Profile set (YAML)"),
        help_text=_(
            "A version, a name in Dutch and English, a source, the scale (e-cf or kwiv) and the profiles: each with a "
            "code, a name in Dutch and English, and its e-CF competences with a level."
        ),
        widget=forms.FileInput(attrs={"accept": ".yaml,.yml,application/yaml,text/yaml"}),
    )

    def clean_file(self) -> competences.ProfileSetContent:
        text = uploaded_text(self.cleaned_data["file"], MAX_BYTES)
        try:
            return competences.load_profile_set(text)
        except competences.ModelError as error:
            raise forms.ValidationError(str(error)) from error
