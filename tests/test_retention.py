"""Retention: done jobs forget their arguments (an e-mail's body) at once and go after RETENTION_DAYS,
read notifications too; pending jobs and unread notifications are kept however old; expired sessions go."""

from datetime import timedelta

from django.utils import timezone

from openlab.jobs.models import Job
from openlab.jobs.services import mark_done
from openlab.jobs.tasks import purge_jobs
from openlab.notifications.models import Notification
from openlab.notifications.tasks import purge_read_notifications

from .factories import UserFactory


def test_a_done_job_keeps_no_email_body(db):
    job = Job.objects.create(task="openlab.accounts.tasks.send_email", args=[{"body": "비밀번호 재설정 링크"}])
    mark_done(job.task_id)
    job.refresh_from_db()
    assert job.done_at is not None and job.args == [] and job.kwargs == {}


def test_done_jobs_go_after_the_retention_and_pending_ones_stay(db, settings):
    settings.RETENTION_DAYS = 90
    now = timezone.now()
    old = Job.objects.create(task="t", done_at=now - timedelta(days=91))
    recent = Job.objects.create(task="t", done_at=now - timedelta(days=89))
    pending = Job.objects.create(task="t")
    Job.objects.filter(pk=pending.pk).update(created_at=now - timedelta(days=400))
    assert purge_jobs() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
    assert not Job.objects.filter(pk=old.pk).exists()


def test_read_notifications_go_after_the_retention_and_unread_ones_stay(db, settings):
    settings.RETENTION_DAYS = 30
    user = UserFactory()
    now = timezone.now()
    old = Notification.objects.create(user=user, kind="message", subject="a", key="a", read_at=now - timedelta(days=31))
    fresh = Notification.objects.create(user=user, kind="message", subject="b", key="b", read_at=now - timedelta(days=2))
    unread = Notification.objects.create(user=user, kind="message", subject="c", key="c")
    Notification.objects.filter(pk=unread.pk).update(created_at=now - timedelta(days=400))
    assert purge_read_notifications() == 1
    assert set(Notification.objects.values_list("pk", flat=True)) == {fresh.pk, unread.pk}
    assert old.pk not in set(Notification.objects.values_list("pk", flat=True))


def test_expired_sessions_go_and_live_ones_stay(db):
    from django.test import Client

    from openlab.accounts.models import Session
    from openlab.accounts.tasks import purge_expired_sessions

    live, expired = Client(), Client()
    live.force_login(UserFactory())
    expired.force_login(UserFactory())
    live, expired = live.cookies["sessionid"].value, expired.cookies["sessionid"].value
    Session.objects.filter(pk=expired).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert purge_expired_sessions() == 1
    assert list(Session.objects.values_list("pk", flat=True)) == [live]
