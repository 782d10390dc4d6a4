"""Every invitation has its unit (filled by 0007); the response-rate cells find a unit's
invitations by when they were sent."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Its own migration (its own transaction): PostgreSQL will not alter a table that
    # has pending trigger events from 0007's update.

    dependencies = [
        ("surveys", "0007_invitation_unit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="invitation",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="invitations",
                to="directory.unit",
            ),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(fields=["unit", "sent_at"], name="invitation_unit_sent_idx"),
        ),
    ]
