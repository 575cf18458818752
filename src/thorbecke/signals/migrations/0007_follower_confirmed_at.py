from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import F


def confirm_the_signed_in(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """A signed-in follower proved who they are by signing in; an e-mail address was never confirmed by its
    owner, so it stays unconfirmed and is mailed nothing (they can follow again and confirm)."""
    apps.get_model("signals", "Follower").objects.exclude(reporter_key="").update(confirmed_at=F("at"))


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0006_servicerequest_client_address"),
    ]

    operations = [
        migrations.AddField(
            model_name="follower",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(confirm_the_signed_in, migrations.RunPython.noop),
    ]
