"""Matches and match runs name their listings by a content-type pair instead of a kind string (step 1:
the new columns, filled from the kind strings)."""

import django.db.models.deletion
from django.db import migrations, models

from openlab.kind_migrations import kinds_to_types


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('matching', '0005_moved_out'),
    ]

    operations = [
        migrations.AddField(model_name='match', name='source_type', field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
        migrations.AddField(model_name='match', name='target_type', field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
        migrations.AddField(model_name='matchrun', name='content_type', field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
        kinds_to_types('matching', 'Match', {'source_kind': 'source_type', 'target_kind': 'target_type'},
                       drop_unknown=True),
        kinds_to_types('matching', 'MatchRun', {'kind': 'content_type'}, drop_unknown=True),
    ]
