from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def keep_the_forms_promise(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Notes written before notes had an audience: the form said "the reporter sees this note", so a status
    note becomes the reporter's only, and the report's published latest note is withdrawn. A forward's reason
    and an assignment were never shown in public: internal."""
    steps = apps.get_model("signals", "StatusChange").objects
    steps.filter(kind="status").update(audience="reporter")
    steps.exclude(kind="status").update(audience="internal")
    apps.get_model("signals", "ServiceRequest").objects.exclude(status_notes="").update(status_notes="")


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0007_follower_confirmed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="audience",
            field=models.CharField(
                choices=[
                    ("public", "Public: anyone, on the report's page and in Open311"),
                    ("reporter", "Only the reporter, by e-mail or in their inbox"),
                    ("internal", "Internal: only staff of the organisation handling the report"),
                ],
                default="internal",
                max_length=10,
            ),
        ),
        migrations.RunPython(keep_the_forms_promise, migrations.RunPython.noop),
    ]
