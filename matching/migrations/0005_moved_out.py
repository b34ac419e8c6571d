"""Search documents moved to the search layer and pairings to coordination (state only: their tables
stay, and the new apps' first migrations take them over)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('matching', '0004_document_refresh_index'),
        ('coordination', '0001_moved_from_matching'),
        ('search', '0001_moved_from_matching'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name='PairingMessage'),
            migrations.DeleteModel(name='PairingEvent'),
            migrations.DeleteModel(name='Pairing'),
            migrations.DeleteModel(name='SearchDocument'),
        ]),
    ]
