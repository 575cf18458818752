from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0005_category_layer_rijk"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="client_address",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name="apikey",
            name="per_address",
            field=models.PositiveIntegerField(
                default=30, help_text="Posts accepted per minute from one client address with this key."
            ),
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(fields=["client_address", "requested_at"], name="signals_ser_client__857ea5_idx"),
        ),
    ]
