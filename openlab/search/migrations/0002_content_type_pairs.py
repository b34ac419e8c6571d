"""Search documents name their listing by a content-type pair instead of a kind string (step 1: the
new column, filled from the kind strings; documents of no known kind go, `search_index --rebuild`
writes every listing's again)."""

import django.db.models.deletion
from django.db import migrations, models

from openlab.kind_migrations import kinds_to_types


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('search', '0001_moved_from_matching'),
    ]

    operations = [
        migrations.AddField(model_name='searchdocument', name='content_type', field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
        kinds_to_types('search', 'SearchDocument', {'kind': 'content_type'}, drop_unknown=True),
    ]
