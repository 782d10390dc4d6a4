"""Invitations remember the unit their customer belonged to when asked (the response
rate is counted there); existing ones take their customer's unit now."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Invitation = apps.get_model("surveys", "Invitation")
    Customer = apps.get_model("directory", "Customer")
    home = Customer.objects.filter(pk=OuterRef("customer_id")).values("unit_id")[:1]
    Invitation.objects.filter(unit__isnull=True).update(unit_id=Subquery(home))


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0003_unit_time_zone"),
        ("surveys", "0006_response_time_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="invitations",
                to="directory.unit",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
