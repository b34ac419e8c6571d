"""Notifications: in-app centre with unread count, e-mail in the recipient's language after commit,
per-kind preferences (now, daily digest, off), idempotent per event, and the weekly digest."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace import services
from marketplace.kinds import type_id
from marketplace.models import Membership
from matching.tasks import send_weekly_digests
from openlab.notifications import services as notifications
from openlab.notifications.models import Kind, Notification
from openlab.notifications.tasks import send_daily_digests
from openlab.rows import statement

from .factories import MembershipFactory, NeedFactory, SolutionFactory


@pytest.fixture
def sides(db):
    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN,
                                user__preferred_language="ko").user
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN,
                                user__preferred_language="en").user
    return need, solution, officer, founder


def test_interest_received_is_notified_in_each_recipients_language(sides, django_capture_on_commit_callbacks):
    need, solution, officer, founder = sides
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.interest_invite(user=officer, need=need, solution=solution, message="도입을 검토하고 싶습니다")
        assert mail.outbox == []  # nothing is sent before the transaction commits
    assert callbacks and len(mail.outbox) == 1
    assert mail.outbox[0].to == [founder.email] and mail.outbox[0].subject.startswith("New interest from")
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_propose(user=founder, need=need, solution=solution, message="We would like to propose")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "관심" in subjects[officer.email]  # Korean for the officer
    kinds = set(Notification.objects.filter(user=officer).values_list("kind", flat=True))
    assert {"interest_received", "mutual_interest"} <= kinds


def test_the_same_event_notifies_once(sides, django_capture_on_commit_callbacks):
    need, solution, officer, founder = sides
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            notifications.notify(users=[founder], kind="message", key="message:1", template="message",
                                 context={"message": type("M", (), {"body": "hi", "organization": need.organization})})
    assert Notification.objects.filter(user=founder, key="message:1").count() == 1 and len(mail.outbox) == 1


def test_unread_count_in_the_header_and_mark_read(client, sides):
    need, solution, officer, founder = sides
    services.interest_invite(user=officer, need=need, solution=solution, message="검토 부탁드립니다")
    client.force_login(founder)
    page = client.get(reverse("marketplace:home")).content.decode()
    assert 'id="unread-count"' in page
    notification = founder.notifications.get()
    response = client.post(reverse("notifications:notification_read"), {"id": notification.pk, "next": notification.url})
    assert response.status_code == 302 and response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None and 'id="unread-count"' not in client.get(reverse("marketplace:home")).content.decode()
    evil = client.post(reverse("notifications:notification_read"), {"next": "https://evil.example/"})
    assert evil["Location"] == reverse("notifications:notification_list")


def test_preferences_choose_now_daily_or_off(client, sides, django_capture_on_commit_callbacks):
    need, solution, officer, founder = sides
    client.force_login(founder)
    response = client.post(reverse("notifications:notification_settings"), {"interest_received": "daily", "mutual_interest": "off"}
                           | {k: "immediate" for k in Kind.values if k not in ("interest_received", "mutual_interest")})
    assert response.status_code == 302
    assert notifications.preferences_of(founder)["interest_received"] == "daily"
    assert client.post(reverse("notifications:notification_settings"), {"interest_received": "hourly"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_invite(user=officer, need=need, solution=solution, message="검토 부탁드립니다")
        services.interest_propose(user=founder, need=need, solution=solution, message="Proposal")
    assert [m.to for m in mail.outbox if founder.email in m.to] == []  # daily and off: nothing now
    assert founder.notifications.count() == 2  # but both are in the notification centre
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests.delay().get() == 1  # the founder's (the officer gets e-mails immediately)
    digest = [m for m in mail.outbox if m.to == [founder.email]]
    assert len(digest) == 1 and digest[0].subject.startswith("Open Lab: 1 notification")
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests.delay().get()
    assert len([m for m in mail.outbox if m.to == [founder.email]]) == 1  # never twice


def test_a_failed_send_retries_and_never_fails_the_request(client, sides, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    from openlab.accounts import tasks

    need, solution, officer, founder = sides
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(1)
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", flaky)
    assert tasks.send_email.max_retries >= 3 and OSError in tasks.send_email.autoretry_for
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("marketplace:solution_interest", args=[solution.pk]), {"need": need.pk,
                                                                                   "message": "검토 부탁드립니다"})
    assert response.status_code == 302 and calls  # the send was tried, failed, and the request still succeeded
    assert founder.notifications.filter(kind="interest_received").exists()


def test_weekly_digest_tells_companies_of_new_matching_needs(sides, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from matching.models import Match

    need, solution, officer, founder = sides
    Match.objects.create(source_type_id=type_id("solution"), source_id=solution.pk, target_type_id=type_id("need"), target_id=need.pk,
                         score=0.8, rank=1, breakdown={}, engine_version="2", computed_at=timezone.now())
    Match.objects.create(source_type_id=type_id("need"), source_id=need.pk, target_type_id=type_id("solution"), target_id=solution.pk,
                         score=0.8, rank=1, breakdown={}, engine_version="2", computed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests.delay().get() == 2
        assert send_weekly_digests.delay().get() == 0  # once a week
    founder_mail = [m for m in mail.outbox if m.to == [founder.email]][0]
    assert need.title in founder_mail.body and founder_mail.subject.startswith("This week on Open Lab")
    officer_mail = [m for m in mail.outbox if m.to == [officer.email]][0]
    assert solution.title in officer_mail.body


def test_a_redelivered_email_job_carries_the_same_message_id(db, mailoutbox):
    """At-least-once delivery between sending and recording: every copy of one job has one Message-ID."""
    from openlab.accounts import tasks

    kwargs = {"subject": "제목", "body": "본문", "to": ["officer@tongyeong.go.kr"]}
    tasks.send_email.apply(kwargs=kwargs, task_id="job-42-abc")
    tasks.send_email.apply(kwargs=kwargs, task_id="job-42-abc")  # the broker delivers it again
    tasks.send_email.apply(kwargs=kwargs, task_id="job-43-def")
    ids = [m.message()["Message-ID"] for m in mailoutbox]
    assert ids[0] == "<job-42-abc@127.0.0.1>" and ids[-1] == "<job-43-def@127.0.0.1>"
    assert set(ids[:-1]) == {"<job-42-abc@127.0.0.1>"}


def test_a_signed_in_page_reads_the_unread_count_with_the_user(client, sides):
    """The header's count comes with the session's user (``register_user_column``), not in a query of
    its own, and is the user's own count."""
    need, solution, officer, founder = sides
    services.interest_invite(user=officer, need=need, solution=solution, message="검토 부탁드립니다")
    notifications.notify(users=[founder], kind="strong_matches", key="second", template="strong_matches",
                         url="/", context={"listing": solution, "count": 1, "titles": []})
    client.force_login(founder)
    client.get(reverse("marketplace:home"))  # warm
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("marketplace:home")).content.decode()
    table = Notification._meta.db_table
    counts = [statement(q["sql"]) for q in queries.captured_queries if table in statement(q["sql"])]
    assert len(counts) == 1 and '"accounts_user"' in counts[0]  # the user's query carries it
    assert founder.notifications.filter(read_at__isnull=True).count() == 2
    assert '<span class="sr-only">' in page and "</span>2</span>" in page


def test_marking_read_through_the_api_answers_the_count_after_it(client, sides):
    need, solution, officer, founder = sides
    services.interest_invite(user=officer, need=need, solution=solution, message="검토 부탁드립니다")
    client.force_login(founder)
    response = client.post("/api/v1/notifications/read/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"marked_read": 1, "unread": 0}
