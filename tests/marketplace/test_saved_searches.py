"""Saved searches: saved from a board (the board's own filters check the query), one's own only on
the page and the API, alerts for listings published afterwards that the board would show (same search,
filters and visibility), once per listing, at once or in a digest, with a signed unsubscribe link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from marketplace import services
from marketplace.models import Need, Organization, SavedSearch, SavedSearchHit
from marketplace.services import saved_searches
from openlab.notifications.models import Notification

from ..factories import MembershipFactory, MunicipalityOrganizationFactory, NeedFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def founder():
    return MembershipFactory(organization=OrganizationFactory()).user


@pytest.fixture
def officer():
    return MembershipFactory(organization=MunicipalityOrganizationFactory()).user


def publish_need(officer, run_on_commit, title="주차장 빈자리 안내", **extra):
    fields = {"problem": "전통시장 주변 주차 공간이 부족합니다.", "contact_name": "담당자",
              "deadline": timezone.localdate() + timedelta(days=30)} | extra
    need = NeedFactory(organization=officer.memberships.get().organization, status=Need.Status.DRAFT, title=title,
                       **fields)
    with run_on_commit():
        services.listing_set_status(user=officer, listing=need, status=Need.Status.OPEN)
    return need


def save(client, user, **data):
    client.force_login(user)
    return client.post(reverse("marketplace:saved_search_list"),
                       {"kind": "needs", "query": "q=주차", "frequency": "instant"} | data)


def test_the_board_offers_to_save_its_search(client, founder):
    client.force_login(founder)
    html = client.get("/needs/?q=주차&sort=newest").content.decode()
    assert 'action="/saved-searches/"' in html and 'name="query" value="q=%EC%A3%BC%EC%B0%A8&amp;sort=newest"' in html
    client.logout()
    assert 'action="/saved-searches/"' not in client.get("/needs/").content.decode()


def test_saving_keeps_the_boards_query_and_refuses_what_the_board_would_not_read(client, founder):
    assert save(client, founder, query="page=3&q=주차&field=TRF").status_code == 302
    saved = SavedSearch.objects.get()
    assert saved.query == "field=TRF&q=%EC%A3%BC%EC%B0%A8" and "주차" in saved.name and saved.user == founder
    for query, field in (("color=red", "color"), ("field=NOPE", "field")):
        response = save(client, founder, query=query)
        assert response.status_code == 400 and field in response.content.decode()
    assert save(client, founder, frequency="hourly").status_code == 400
    assert SavedSearch.objects.count() == 1


def test_an_instant_search_tells_its_owner_once_about_a_new_listing_it_would_show(
        client, founder, officer, run_on_commit):
    save(client, founder)
    saved = SavedSearch.objects.get()
    need = publish_need(officer, run_on_commit)
    publish_need(officer, run_on_commit, title="미세먼지 측정망", problem="대기질 측정소가 부족합니다.")  # not shown
    notification = Notification.objects.get(user=founder, kind="saved_search")
    assert need.title in notification.subject and notification.url == f"/needs/{need.pk}/"
    assert saved_searches.unsubscribe_url(saved) in notification.body
    email = next(m for m in mail.outbox if m.to == [founder.email] and need.title in m.subject)
    assert saved_searches.unsubscribe_url(saved) in email.body  # the link in the e-mail, and RFC 8058's one click
    assert email.extra_headers["List-Unsubscribe"].endswith(f"{saved_searches.unsubscribe_url(saved)}>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with run_on_commit():  # edited and indexed again: not told twice
        services.listing_update(user=officer, listing=need, data={"title": "주차장 빈자리 안내 (수정)"})
    assert Notification.objects.filter(user=founder, kind="saved_search").count() == 1
    assert SavedSearchHit.objects.get().listing_id == need.pk


def test_what_was_published_before_the_search_was_saved_is_not_news(client, founder, officer, run_on_commit):
    publish_need(officer, run_on_commit)
    save(client, founder)
    assert not SavedSearchHit.objects.exists()


def test_the_same_visibility_rules_as_the_board(client, officer, run_on_commit):
    """A listing of an organisation that is not verified is not on the board: no alert."""
    stranger = MembershipFactory(organization=OrganizationFactory(status=Organization.Status.PENDING)).user
    save(client, stranger, query="")
    need = publish_need(officer, run_on_commit)
    assert SavedSearchHit.objects.filter(listing_id=need.pk).exists()  # the board shows it
    Organization.objects.filter(pk=need.organization_id).update(status=Organization.Status.REJECTED)
    hidden = SavedSearch.objects.get()
    assert saved_searches.matching_ids(hidden, [need.pk]) == set()


def test_daily_searches_wait_for_the_digest_then_tell_each_listing_once(client, founder, officer, run_on_commit):
    save(client, founder, frequency="daily", query="")
    first = publish_need(officer, run_on_commit)
    second = publish_need(officer, run_on_commit, title="스마트 가로등")
    assert not Notification.objects.filter(user=founder, kind="saved_search").exists()
    with run_on_commit():
        assert saved_searches.saved_search_digests(frequency="daily") == 1
    notification = Notification.objects.get(user=founder, kind="saved_search")
    assert first.title in notification.body and second.title in notification.body
    with run_on_commit():
        assert saved_searches.saved_search_digests(frequency="daily") == 0  # nothing new: nothing sent
    assert any("스마트 가로등" in message.body for message in mail.outbox)


def test_the_unsubscribe_link_works_without_signing_in_and_cannot_be_forged(client, founder):
    save(client, founder)
    saved = SavedSearch.objects.get()
    url = saved_searches.unsubscribe_url(saved)
    client.logout()
    page = client.get(url)
    assert page.status_code == 200 and saved.name in page.content.decode()
    assert SavedSearch.objects.exists()  # a link followed by a mail scanner changes nothing
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = re.sub(r".$", lambda m: "A" if m.group() != "A" else "B", token)
    assert client.post(reverse("marketplace:saved_search_unsubscribe", args=[forged])).status_code == 200
    assert SavedSearch.objects.exists()
    client.post(url)
    assert not SavedSearch.objects.exists()


def test_page_and_api_show_rename_and_delete_only_ones_own(client, founder, officer):
    mine = saved_searches.saved_search_create(user=founder, kind="needs", query="q=주차", frequency="weekly")
    theirs = saved_searches.saved_search_create(user=officer, kind="solutions", query="", frequency="daily")
    client.force_login(founder)
    assert [s["id"] for s in client.get("/api/v1/saved-searches/").json()["results"]] == [mine.pk]
    assert client.get(f"/api/v1/saved-searches/{theirs.pk}/").status_code == 404
    assert client.patch(f"/api/v1/saved-searches/{theirs.pk}/", {"name": "x"},
                        content_type="application/json").status_code == 404
    assert client.delete(f"/api/v1/saved-searches/{theirs.pk}/").status_code == 404
    assert client.post(reverse("marketplace:saved_search_delete", args=[theirs.pk])).status_code == 404
    renamed = client.patch(f"/api/v1/saved-searches/{mine.pk}/", {"name": "주차 알림", "frequency": "instant"},
                           content_type="application/json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "주차 알림"
    assert renamed.json()["frequency"] == "instant" and renamed.json()["query"] == mine.query
    created = client.post("/api/v1/saved-searches/", {"kind": "partnerships", "query": "q=드론", "frequency": "daily"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["board_url"].startswith("/partnerships/?")
    bad = client.post("/api/v1/saved-searches/", {"kind": "needs", "query": "nope=1", "frequency": "daily"},
                      content_type="application/json")
    assert bad.status_code == 400 and "query" in bad.json()
    html = client.get(reverse("marketplace:saved_search_list")).content.decode()
    assert "주차 알림" in html and theirs.name not in html
    client.post(reverse("marketplace:saved_search_delete", args=[mine.pk]))
    assert set(SavedSearch.objects.values_list("user_id", flat=True)) == {officer.pk, founder.pk}
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()
    client.logout()
    assert client.get("/api/v1/saved-searches/").status_code in (401, 403)
