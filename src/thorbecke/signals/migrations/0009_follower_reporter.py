"""The reporter's e-mail address is confirmed as a follower's is (decision 32).

Existing reports with an e-mail address get no reporter row: their address was never confirmed by its owner,
so it stays unconfirmed and is mailed nothing more (the owner can follow the report on its page and confirm).
No mail is sent from a migration. Signed-in reporters hear in their inbox, as before.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0008_status_note_audience"),
    ]

    operations = [
        migrations.AddField(
            model_name="follower",
            name="reporter",
            field=models.BooleanField(default=False),
        ),
    ]
