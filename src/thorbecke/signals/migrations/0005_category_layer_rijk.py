from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# The register's one Layer (registry.responsibility) names the national layer "rijk"; the reporting app
# called its categories' layer after the one organisation that handles them, Rijkswaterstaat.
_OLD, _NEW = "rijkswaterstaat", "rijk"


def to_rijk(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("signals", "Category").objects.filter(layer=_OLD).update(layer=_NEW)


def to_rijkswaterstaat(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("signals", "Category").objects.filter(layer=_NEW).update(layer=_OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0004_status_change_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="layer",
            field=models.CharField(
                choices=[
                    ("gemeente", "municipality"),
                    ("waterschap", "water board"),
                    ("provincie", "province"),
                    ("rijk", "central government"),
                ],
                default="gemeente",
                max_length=20,
            ),
        ),
        migrations.RunPython(to_rijk, to_rijkswaterstaat),
    ]
