from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Q

# Before steps had a kind, a removed assignment left only its note: these are its two wordings.
_REMOVED = ("Assignment removed.", "Toewijzing weggehaald.")


def give_steps_their_kind(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    steps = apps.get_model("signals", "StatusChange").objects
    steps.filter(forwarded_to__isnull=False).update(kind="forward")
    removed = Q(note__in=_REMOVED, forwarded_to__isnull=True, old_status=models.F("new_status"))
    steps.filter(Q(assigned_to__isnull=False) | removed).update(kind="assign")


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0003_category_attributes"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="kind",
            field=models.CharField(
                choices=[("status", "Status"), ("forward", "Forwarded"), ("assign", "Assigned")],
                default="status",
                max_length=10,
            ),
        ),
        migrations.RunPython(give_steps_their_kind, migrations.RunPython.noop),
    ]
