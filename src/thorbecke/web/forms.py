"""Form helpers that render Django forms as NL Design System form fields."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

_WIDGET_CLASSES = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}


class DesignSystemFormMixin:
    """Gives every widget its component class and ties help and error texts to it for screen readers."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            css = next(
                (c for w, c in _WIDGET_CLASSES.items() if isinstance(field.widget, w)),
                "utrecht-textbox utrecht-textbox--html-input",
            )
            field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget_id = self[name].id_for_label  # type: ignore[index]
            described = [f"{widget_id}-help"] if field.help_text else []
            if name in self.errors:  # type: ignore[attr-defined]
                described.append(f"{widget_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["class"] += " utrecht-textbox--invalid"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


def uploaded_text(upload: UploadedFile, max_bytes: int) -> str:
    """The text of an uploaded file; refused, for the form to show, when larger than ``max_bytes`` or not UTF-8."""
    if upload.size is None or upload.size > max_bytes:
        raise forms.ValidationError(_("The file is larger than %(size)s kB.") % {"size": max_bytes // 1000})
    try:
        return upload.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(_("The file is not UTF-8 text.")) from error
