"""The search documents move from the matching app to the search layer; the table stays (state only)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('matching', '0004_document_refresh_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='SearchDocument',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(max_length=12)),
                    ('object_id', models.PositiveBigIntegerField()),
                    ('public', models.BooleanField(default=True)),
                    ('title', models.CharField(blank=True, max_length=200)),
                    ('body', models.TextField(blank=True)),
                    ('terms', models.JSONField(default=dict)),
                    ('facets', models.JSONField(default=dict)),
                    ('analysis_version', models.PositiveSmallIntegerField(default=1)),
                    ('indexed_at', models.DateTimeField(db_index=True)),
                ],
                options={
                    'db_table': 'matching_searchdocument',
                    'verbose_name': 'search document',
                    'verbose_name_plural': 'search documents',
                    'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='one_document_per_listing')],
                    'indexes': [models.Index(fields=['kind', 'indexed_at'], name='document_kind_indexed_at')],
                },
            ),
        ]),
    ]
