"""Matches and match runs name their listings by a content-type pair (step 2: the kind strings go)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('matching', '0006_content_type_pairs'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='match', name='one_match_per_pair'),
        migrations.RemoveIndex(model_name='match', name='matching_ma_source__d54044_idx'),
        migrations.RemoveIndex(model_name='match', name='matching_ma_target__3e2815_idx'),
        migrations.RemoveConstraint(model_name='matchrun', name='one_run_per_listing'),
        migrations.RemoveField(model_name='match', name='source_kind'),
        migrations.RemoveField(model_name='match', name='target_kind'),
        migrations.RemoveField(model_name='matchrun', name='kind'),
        migrations.AlterField(
            model_name='match',
            name='source_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='contenttypes.contenttype'),
        ),
        migrations.AlterField(
            model_name='match',
            name='target_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='contenttypes.contenttype'),
        ),
        migrations.AlterField(
            model_name='matchrun',
            name='content_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='contenttypes.contenttype'),
        ),
        migrations.AlterModelOptions(
            name='match',
            options={'ordering': ['source_type', 'source_id', 'rank'], 'verbose_name': 'match',
                     'verbose_name_plural': 'matches'},
        ),
        migrations.AddConstraint(
            model_name='match',
            constraint=models.UniqueConstraint(fields=('source_type', 'source_id', 'target_type', 'target_id'),
                                               name='one_match_per_pair'),
        ),
        migrations.AddIndex(
            model_name='match',
            index=models.Index(fields=['source_type', 'source_id', 'excluded', 'rank'], name='match_source_rank'),
        ),
        migrations.AddIndex(
            model_name='match',
            index=models.Index(fields=['target_type', 'target_id'], name='match_target'),
        ),
        migrations.AddConstraint(
            model_name='matchrun',
            constraint=models.UniqueConstraint(fields=('content_type', 'object_id'), name='one_run_per_listing'),
        ),
    ]
