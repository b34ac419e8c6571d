import pytest
from django.core import mail
from django.urls import reverse

from marketplace import services
from marketplace.models import Organization, VerificationDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(user):
    return services.organization_create(user=user, kind="overseas", name="Hanoi", country="VN")


def test_queue_is_for_coordinators_only(client, pending, user, coordinator):
    url = reverse("marketplace:coordinator_organizations")
    assert client.get(url).status_code == 302  # to login
    client.force_login(user)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200 and "Hanoi" in response.content.decode()


def test_superuser_flag_alone_does_not_make_a_coordinator(client, pending):
    from .factories import UserFactory

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("marketplace:coordinator_organizations")).status_code == 403


def test_non_coordinator_cannot_verify(client, pending, user):
    client.force_login(user)
    assert client.post(reverse("marketplace:coordinator_verify", args=[pending.pk])).status_code == 403
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING


def test_coordinator_verifies_and_who_when_is_recorded(client, pending, coordinator,
                                                       django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("marketplace:coordinator_verify", args=[pending.pk])).status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organization.Status.VERIFIED
    assert pending.status_changed_by == coordinator and pending.status_changed_at is not None
    decision = VerificationDecision.objects.get(organization=pending)
    assert decision.decided_by == coordinator and decision.status == "verified"
    assert len(mail.outbox) == 1  # the organisation's admin hears about it


def test_reject_requires_a_reason(client, pending, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("marketplace:coordinator_reject", args=[pending.pk]), {"reason": "  "})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    assert not VerificationDecision.objects.exists()


def test_reject_with_reason(client, pending, coordinator, user):
    client.force_login(coordinator)
    client.post(reverse("marketplace:coordinator_reject", args=[pending.pk]), {"reason": "공문 확인 불가"})
    pending.refresh_from_db()
    assert pending.status == Organization.Status.REJECTED and pending.status_reason == "공문 확인 불가"
    client.force_login(user)
    assert "공문 확인 불가" in client.get(reverse("marketplace:organization_detail", args=[pending.pk])).content.decode()


def test_django_admin_is_for_superusers_only(client, coordinator):
    client.force_login(coordinator)
    coordinator.is_staff = True
    coordinator.save()
    assert client.get("/admin/").status_code == 302
    from .factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200
