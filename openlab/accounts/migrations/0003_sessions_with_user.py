"""Sessions move to ``accounts.Session``, which names the signed-in user in a column. The unexpired
sessions of ``django_session`` are copied (with the user their data names), so that nobody is signed
out; the old table keeps its rows, so the migration can be reversed."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.db import migrations, models
from django.utils import timezone

BATCH = 2000


def copy_sessions(apps, schema_editor):
    Old, New = apps.get_model("sessions", "Session"), apps.get_model("accounts", "Session")
    User = apps.get_model("accounts", "User")
    decoder = SessionStore()  # the same signing salt as openlab.accounts.sessions.SessionStore
    batch = []
    for old in Old.objects.using(schema_editor.connection.alias).filter(expire_date__gt=timezone.now()).iterator(
            chunk_size=BATCH):
        try:
            user_id = User._meta.pk.to_python(decoder.decode(old.session_data).get("_auth_user_id"))
        except ValidationError:  # an id that is not one names nobody (a session that does not decode is empty)
            user_id = None
        batch.append(New(session_key=old.session_key, session_data=old.session_data, expire_date=old.expire_date,
                         user_id=user_id))
        if len(batch) == BATCH:
            New.objects.using(schema_editor.connection.alias).bulk_create(batch)
            batch = []
    New.objects.using(schema_editor.connection.alias).bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_api_tokens'),
        ('sessions', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Session',
            fields=[
                ('session_key', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='session key')),
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'abstract': False,
            },
        ),
        migrations.RunPython(copy_sessions, migrations.RunPython.noop),
    ]
