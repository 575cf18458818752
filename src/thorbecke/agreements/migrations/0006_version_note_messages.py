"""The importer's version notes become a message code with the source, so the history reads in the page's
language. Old rows are converted only where the text is exactly what the importer wrote for that version."""

from django.db import migrations
from django.utils import translation

import thorbecke.agreements.models
from thorbecke.agreements.models import ImporterNote


def coded(apps: object, schema_editor: object) -> None:
    Version = apps.get_model("agreements", "AgreementVersion")
    for version in Version.objects.filter(changed_by__isnull=True).select_related("agreement"):
        status_source = version.snapshot.get("status_source", "")
        written = {
            f"Imported from {version.agreement.source}.": ImporterNote("imported", version.agreement.source),
            f"Status from {status_source or 'no source'}.": ImporterNote("status", status_source),
        }
        if isinstance(version.note, str) and version.note in written:
            Version.objects.filter(pk=version.pk).update(note=written[version.note].stored())


def english(apps: object, schema_editor: object) -> None:
    Version = apps.get_model("agreements", "AgreementVersion")
    with translation.override("en"):
        for version in Version.objects.filter(changed_by__isnull=True):
            if isinstance(version.note, ImporterNote):
                Version.objects.filter(pk=version.pk).update(note=str(version.note))


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_accessibility_check"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agreementversion",
            name="note",
            field=thorbecke.agreements.models.NoteField(max_length=500, verbose_name="reason for the change"),
        ),
        migrations.RunPython(coded, english),
    ]
