"""Pairings name their two listings by content-type pairs instead of kind strings (step 1: the new
columns, filled from the kind strings; a pairing is history, so one naming no known kind stops it)."""

import django.db.models.deletion
from django.db import migrations, models

from openlab.kind_migrations import kinds_to_types


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('coordination', '0003_meetings'),
    ]

    operations = [
        migrations.AddField(model_name='pairing', name='a_type', field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
        migrations.AddField(model_name='pairing', name='b_type', field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
        kinds_to_types('coordination', 'Pairing', {'a_kind': 'a_type', 'b_kind': 'b_type'}, drop_unknown=False),
    ]
