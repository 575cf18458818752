"""Each step of a report's history keeps the organisation that held the report when it was taken, so that its
internal notes stay with that organisation after a forward (decision 0060).

Steps taken before: the history is append-only and every forward names where it came from and went to, so the holder
of each earlier step follows from the forwards around it.
"""

import django.db.models.deletion
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def held_by_from_the_forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    """Walk each report's steps in order: until its first forward the report was with that forward's sender (or, with
    no forward, with the organisation holding it now); a forward is its sender's step, and after it the receiver's."""
    steps = apps.get_model("signals", "StatusChange").objects
    for report in apps.get_model("signals", "ServiceRequest").objects.filter(history__isnull=False).distinct():
        history = list(steps.filter(request=report).order_by("at", "pk"))
        first_forward = next((s for s in history if s.kind == "forward" and s.forwarded_from_id), None)
        holder = first_forward.forwarded_from_id if first_forward else report.organisation_id
        for step in history:
            steps.filter(pk=step.pk).update(held_by_id=holder)
            if step.kind == "forward" and step.forwarded_to_id:
                holder = step.forwarded_to_id


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0009_follower_reporter"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="held_by",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.organisation"
            ),
        ),
        migrations.RunPython(held_by_from_the_forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="statuschange",
            name="held_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.organisation"
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="audience",
            field=models.CharField(
                choices=[
                    ("public", "Public: anyone, on the report's page and in Open311"),
                    ("reporter", "Only the reporter, by e-mail or in their inbox"),
                    ("internal", "Internal: only our own staff, also after the report is forwarded"),
                ],
                default="internal",
                max_length=10,
            ),
        ),
    ]
