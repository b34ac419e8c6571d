"""Pairings name their two listings by content-type pairs (step 2: the kind strings go)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('coordination', '0004_content_type_pairs'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='pairing', name='one_pairing_per_pair'),
        migrations.RemoveIndex(model_name='pairing', name='matching_pa_b_kind_fbd1e3_idx'),
        migrations.RemoveField(model_name='pairing', name='a_kind'),
        migrations.RemoveField(model_name='pairing', name='b_kind'),
        migrations.AlterField(
            model_name='pairing',
            name='a_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='contenttypes.contenttype'),
        ),
        migrations.AlterField(
            model_name='pairing',
            name='b_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='contenttypes.contenttype'),
        ),
        migrations.AddConstraint(
            model_name='pairing',
            constraint=models.UniqueConstraint(fields=('a_type', 'a_id', 'b_type', 'b_id'), name='one_pairing_per_pair'),
        ),
        migrations.AddIndex(
            model_name='pairing',
            index=models.Index(fields=['b_type', 'b_id'], name='pairing_side_b'),
        ),
    ]
