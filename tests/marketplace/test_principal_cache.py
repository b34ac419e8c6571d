"""The signed-in user, their coordinator flag and memberships are read from the shared cache
(marketplace/principal.py) until a user, group, membership or organisation changes; the header's
unread count until the user's notifications change."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from marketplace import caching, principal
from marketplace.models import Organization
from openlab.notifications.models import Notification
from openlab.notifications.services import mark_read

from ..factories import MembershipFactory, NeedFactory

AUTH_TABLES = ('"accounts_user"', '"marketplace_membership"', '"auth_group"', '"auth_user_groups"',
               '"accounts_user_groups"')


def _auth_queries(client, path="/solutions/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in AUTH_TABLES)], response


def test_a_second_request_reads_no_user_or_membership_rows(client, company_admin, company):
    client.force_login(company_admin)
    first, _ = _auth_queries(client)
    assert first  # the first request reads them from the database
    second, response = _auth_queries(client)
    assert second == []
    assert company.name in response.content.decode()  # the header still names the organisation


def test_a_removed_membership_is_seen_by_the_next_request(client, company):
    membership = MembershipFactory(organization=company)
    draft = NeedFactory(status="draft")
    own = MembershipFactory(organization=draft.organization, user=membership.user)
    client.force_login(membership.user)
    assert client.get(f"/needs/{draft.pk}/").status_code == 200  # a member sees the draft
    own.delete()
    assert client.get(f"/needs/{draft.pk}/").status_code == 404
    assert draft.organization.name not in client.get("/solutions/").content.decode()


def test_joining_the_coordinators_is_seen_by_the_next_request(client, user):
    client.force_login(user)
    assert client.get("/coordinator/").status_code == 403
    user.groups.add(Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)[0])
    assert client.get("/coordinator/").status_code == 200


def test_a_rejected_organisation_is_seen_by_the_next_request(client, company_admin, company):
    client.force_login(company_admin)
    client.get("/solutions/")
    company.status = Organization.Status.REJECTED
    company.save()
    assert client.get("/solutions/").wsgi_request.membership.organization.status == Organization.Status.REJECTED


def test_a_password_change_signs_other_sessions_out(client, user):
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    user.set_password("an entirely new one 4821")
    user.save()
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_cached_user_that_does_not_match_the_session_is_not_used(client, user):
    """Whatever the cache holds, the session hash is checked as Django checks it."""
    client.force_login(user)
    client.get("/solutions/")
    from django.core.cache import cache

    key = principal._key(user.pk)
    gen, impostor = cache.get(key)
    assert gen == caching.generation(principal.GENERATION)
    impostor.set_password("not the one the session was made with")
    impostor.display_name = "가짜 사용자"
    cache.set(key, (gen, impostor))
    page = client.get("/solutions/").content.decode()
    assert "가짜 사용자" not in page and user.display_name in page  # read again from the database


def test_an_entry_made_under_an_older_generation_is_not_used(client, user):
    """An entry read before a change committed holds the older generation: it is read again."""
    from django.core.cache import cache

    client.force_login(user)
    client.get("/solutions/")
    gen, cached = cache.get(principal._key(user.pk))
    cached.display_name = "예전 이름"
    principal.invalidate()  # what a committed change to the user does
    cache.set(principal._key(user.pk), (gen, cached))  # a slow reader stores what it read before
    page = client.get("/solutions/").content.decode()
    assert "예전 이름" not in page and user.display_name in page


@override_settings(PRINCIPAL_CACHE_SECONDS=0)
def test_zero_seconds_reads_the_user_every_time(client, company_admin):
    client.force_login(company_admin)
    _auth_queries(client)
    second, _ = _auth_queries(client)
    assert second


def test_the_unread_count_follows_new_and_read_notifications(client, user):
    client.force_login(user)
    assert 'id="unread-count"' not in client.get("/solutions/").content.decode()
    Notification.objects.create(user=user, kind="interest_received", key="k1", subject="새 관심", body="")
    page = client.get("/solutions/").content.decode()
    assert 'id="unread-count"' in page and "</span>1</span>" in page
    mark_read(user=user)
    assert 'id="unread-count"' not in client.get("/solutions/").content.decode()
