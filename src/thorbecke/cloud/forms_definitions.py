"""The programme's upload of a new version of the cloud definitions: a YAML file, checked whole by
``taxonomy.load_text``; a wrong file is refused with the field named, and nothing is stored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.cloud import taxonomy
from thorbecke.web.forms import DesignSystemFormMixin, uploaded_text

# The repository's file is some 30 kB; a tenfold margin, and no more is read into memory.
MAX_BYTES = 300_000


class UploadForm(DesignSystemFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Definitions file (YAML)"),
        help_text=_("In the shape of the repository's taxonomy.yaml, with a new version number."),
        widget=forms.FileInput(attrs={"accept": ".yaml,.yml,application/yaml,text/yaml"}),
    )

    def clean_file(self) -> taxonomy.Taxonomy:
        text = uploaded_text(self.cleaned_data["file"], MAX_BYTES)
        try:
            return taxonomy.load_text(text)
        except taxonomy.TaxonomyError as error:
            raise forms.ValidationError(str(error)) from error
