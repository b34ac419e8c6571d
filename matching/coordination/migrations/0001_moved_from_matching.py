"""Pairings, their events and messages move from the matching app to coordination. Their tables stay
where they are (state only); the content types are renamed so that attachments and audit entries
that name them follow."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("pairing", "pairingevent", "pairingmessage")


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="coordination", model=model).exists():
            ContentType.objects.filter(app_label="matching", model=model).update(app_label="coordination")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="matching", model=model).exists():
            ContentType.objects.filter(app_label="coordination", model=model).update(app_label="matching")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('marketplace', '0004_board_order_indexes'),
        ('matching', '0004_document_refresh_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='Pairing',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('need_solution', 'Need ↔ solution'), ('partnership', 'Partnership')], max_length=16, verbose_name='kind')),
                        ('a_kind', models.CharField(max_length=12)),
                        ('a_id', models.PositiveBigIntegerField()),
                        ('b_kind', models.CharField(max_length=12)),
                        ('b_id', models.PositiveBigIntegerField()),
                        ('title_a', models.CharField(max_length=200)),
                        ('title_b', models.CharField(max_length=200)),
                        ('sido', models.CharField(blank=True, max_length=2, verbose_name='시도')),
                        ('programme', models.CharField(blank=True, max_length=24, verbose_name='programme')),
                        ('score', models.FloatField(default=0.0, verbose_name='score')),
                        ('breakdown', models.JSONField(default=dict)),
                        ('engine_version', models.CharField(blank=True, max_length=10)),
                        ('scored_at', models.DateTimeField(blank=True, null=True)),
                        ('state', models.CharField(choices=[('suggested', 'Suggested'), ('shortlisted', 'Shortlisted'), ('introduced', 'Introduced'), ('accepted', 'Accepted by one side'), ('declined', 'Declined'), ('connected', 'Connected'), ('meeting_held', 'Meeting held'), ('pilot_agreed', 'Pilot agreed'), ('contract_signed', 'Contract signed'), ('closed', 'Closed'), ('rejected', 'Rejected by a coordinator'), ('expired', 'Expired unanswered')], default='suggested', max_length=16, verbose_name='state')),
                        ('state_changed_at', models.DateTimeField(verbose_name='state since')),
                        ('snoozed_until', models.DateField(blank=True, null=True, verbose_name='snoozed until')),
                        ('introduced_at', models.DateTimeField(blank=True, null=True, verbose_name='introduced at')),
                        ('intro_note', models.TextField(blank=True, max_length=3000, verbose_name='note')),
                        ('a_answer', models.CharField(blank=True, choices=[('accepted', 'Accepted'), ('declined', 'Declined')], max_length=8)),
                        ('a_answered_at', models.DateTimeField(blank=True, null=True)),
                        ('b_answer', models.CharField(blank=True, choices=[('accepted', 'Accepted'), ('declined', 'Declined')], max_length=8)),
                        ('b_answered_at', models.DateTimeField(blank=True, null=True)),
                        ('decline_reason', models.CharField(blank=True, choices=[('not_relevant', 'Not relevant'), ('budget', 'Budget'), ('timing', 'Timing'), ('region', 'Region'), ('other', 'Other')], max_length=12, verbose_name='reason')),
                        ('decline_note', models.CharField(blank=True, max_length=500, verbose_name='details')),
                        ('reminders_sent', models.PositiveSmallIntegerField(default=0)),
                        ('connected_at', models.DateTimeField(blank=True, null=True)),
                        ('meeting_at', models.DateTimeField(blank=True, null=True)),
                        ('pilot_at', models.DateTimeField(blank=True, null=True)),
                        ('contract_at', models.DateTimeField(blank=True, null=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('a_contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('a_org', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='marketplace.organization')),
                        ('b_contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('b_org', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='marketplace.organization')),
                        ('field', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='marketplace.solutionfield')),
                        ('introduced_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('solution_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='marketplace.solutiontype')),
                    ],
                    options={
                        'db_table': 'matching_pairing',
                        'verbose_name': 'pairing',
                        'verbose_name_plural': 'pairings',
                        'ordering': ['-score', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PairingEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(verbose_name='when')),
                        ('from_state', models.CharField(blank=True, max_length=16, verbose_name='from')),
                        ('to_state', models.CharField(max_length=16, verbose_name='to')),
                        ('action', models.CharField(max_length=16, verbose_name='action')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who')),
                        ('pairing', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='coordination.pairing')),
                    ],
                    options={
                        'db_table': 'matching_pairingevent',
                        'verbose_name': 'pairing event',
                        'verbose_name_plural': 'pairing events',
                        'ordering': ['at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PairingMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(max_length=5000, verbose_name='message')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='marketplace.organization')),
                        ('pairing', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='messages', to='coordination.pairing')),
                    ],
                    options={
                        'db_table': 'matching_pairingmessage',
                        'verbose_name': 'message',
                        'verbose_name_plural': 'messages',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='pairing',
                    index=models.Index(fields=['state', 'score'], name='matching_pa_state_b13bc6_idx'),
                ),
                migrations.AddIndex(
                    model_name='pairing',
                    index=models.Index(fields=['a_org', 'state'], name='matching_pa_a_org_i_7c7351_idx'),
                ),
                migrations.AddIndex(
                    model_name='pairing',
                    index=models.Index(fields=['b_org', 'state'], name='matching_pa_b_org_i_de2076_idx'),
                ),
                migrations.AddIndex(
                    model_name='pairing',
                    index=models.Index(fields=['b_kind', 'b_id'], name='matching_pa_b_kind_fbd1e3_idx'),
                ),
                migrations.AddConstraint(
                    model_name='pairing',
                    constraint=models.UniqueConstraint(fields=('a_kind', 'a_id', 'b_kind', 'b_id'), name='one_pairing_per_pair'),
                ),
                migrations.AddConstraint(
                    model_name='pairing',
                    constraint=models.CheckConstraint(condition=models.Q(('a_org', models.F('b_org')), _negated=True), name='pairing_between_two_orgs'),
                ),
                migrations.AddIndex(
                    model_name='pairingevent',
                    index=models.Index(fields=['to_state', 'at'], name='matching_pa_to_stat_6d166b_idx'),
                ),
        ]),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
