"""Search documents name their listing by a content-type pair (step 2: the kind string goes)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('search', '0002_content_type_pairs'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='searchdocument', name='one_document_per_listing'),
        migrations.RemoveIndex(model_name='searchdocument', name='document_kind_indexed_at'),
        migrations.RemoveField(model_name='searchdocument', name='kind'),
        migrations.AlterField(
            model_name='searchdocument',
            name='content_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='contenttypes.contenttype'),
        ),
        migrations.AddConstraint(
            model_name='searchdocument',
            constraint=models.UniqueConstraint(fields=('content_type', 'object_id'), name='one_document_per_listing'),
        ),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['content_type', 'indexed_at'], name='document_kind_indexed_at'),
        ),
    ]
