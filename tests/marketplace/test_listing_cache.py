"""Boards, API list pages and facet counts are cached per audience and language until the next write
to their kind (marketplace/caching.py). A row changed behind the ORM's back (``QuerySet.update``,
which sends no signal) shows whether a result came from the cache."""

import pytest
from django.test import override_settings

from marketplace import caching
from marketplace.models import Interest, Organization, Solution
from marketplace.services.interests import interest_invite, interest_propose

from ..factories import MembershipFactory, NeedFactory, SolutionFactory


def _titles(client, path="/api/v1/solutions/"):
    return [row["title"] for row in client.get(path).json()["results"]]


def test_a_second_read_comes_from_the_cache_until_a_write(client, db):
    solution = SolutionFactory(title="주차 안내 A")
    assert _titles(client) == ["주차 안내 A"]
    assert "주차 안내 A" in client.get("/solutions/").content.decode()
    Solution.objects.filter(pk=solution.pk).update(title="몰래 바뀐 제목")  # no signal: caches stay
    assert _titles(client) == ["주차 안내 A"]
    assert "주차 안내 A" in client.get("/solutions/").content.decode()
    solution.title = "주차 안내 B"
    solution.save()  # a write through the ORM moves the generation on
    assert _titles(client) == ["주차 안내 B"]
    page = client.get("/solutions/").content.decode()
    assert "주차 안내 B" in page and "주차 안내 A" not in page


def test_a_cached_read_makes_no_listing_queries(client, db, django_assert_max_num_queries):
    SolutionFactory.create_batch(3)
    client.get("/api/v1/solutions/?type=TRF-07")
    with django_assert_max_num_queries(0):  # anonymous: no session, no listing, no count, no facets
        response = client.get("/api/v1/solutions/?type=TRF-07")
    assert response.status_code == 200 and response.json()["count"] == 3


def test_members_see_their_drafts_and_the_public_never_does(client, db):
    SolutionFactory(title="공개 솔루션")
    draft = SolutionFactory(status=Solution.Status.DRAFT, title="작성 중 솔루션")
    member = MembershipFactory(organization=draft.organization).user
    client.force_login(member)
    assert set(_titles(client)) == {"공개 솔루션", "작성 중 솔루션"}
    assert client.get("/api/v1/solutions/").json()["facets"]["status"] == {"published": 1, "draft": 1}
    assert "작성 중 솔루션" in client.get("/solutions/?status=draft").content.decode()
    client.logout()
    assert _titles(client) == ["공개 솔루션"]
    assert client.get("/api/v1/solutions/").json()["facets"]["status"] == {"published": 1}
    assert "작성 중 솔루션" not in client.get("/solutions/?status=draft").content.decode()
    other = MembershipFactory().user  # a member of another organisation is another audience
    client.force_login(other)
    assert _titles(client) == ["공개 솔루션"]


def test_each_language_has_its_own_entry(client, db):
    SolutionFactory()
    assert "스마트 주차" in client.get("/solutions/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/solutions/").content.decode()
    assert "Smart parking" in english and "Solution catalogue" in english


def test_an_organisation_losing_verification_leaves_the_boards(client, db):
    solution = SolutionFactory(title="검증 취소될 솔루션")
    assert _titles(client) == ["검증 취소될 솔루션"]
    organization = solution.organization
    organization.status = Organization.Status.REJECTED
    organization.save()
    assert _titles(client) == []
    assert "검증 취소될 솔루션" not in client.get("/solutions/").content.decode()


def test_a_mutual_interest_refreshes_the_needs_contact_details(client, db, company, company_admin):
    need = NeedFactory(contact_email="officer@city.go.kr")
    officer = MembershipFactory(organization=need.organization).user
    solution = SolutionFactory(organization=company)
    client.force_login(company_admin)
    row = client.get("/api/v1/needs/").json()["results"][0]
    assert row["contact_hidden"] is True and row["contact_email"] == ""
    interest_propose(user=company_admin, need=need, solution=solution, message="제안합니다")
    interest_invite(user=officer, need=need, solution=solution, message="초대합니다")
    assert Interest.objects.filter(mutual_at__isnull=False).count() == 2
    row = client.get("/api/v1/needs/").json()["results"][0]
    assert row["contact_hidden"] is False and row["contact_email"] == "officer@city.go.kr"


def test_the_generation_moves_again_when_the_write_commits(db, django_capture_on_commit_callbacks):
    before = caching.generation("solution")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        SolutionFactory()
        during = caching.generation("solution")
    assert during > before
    assert callbacks and caching.generation("solution") > during  # a reader during the write is superseded


def test_generations_survive_a_lost_counter(db):
    from django.core.cache import cache

    first = caching.generation("need")
    cache.delete("listing-generation:need")
    assert caching.generation("need") > first  # restarts from the clock, never reuses an old key


@override_settings(LISTING_CACHE_SECONDS=0)
def test_zero_seconds_turns_caching_off(client, db):
    solution = SolutionFactory(title="원래 제목")
    assert _titles(client) == ["원래 제목"]
    Solution.objects.filter(pk=solution.pk).update(title="바뀐 제목")
    assert _titles(client) == ["바뀐 제목"]


@pytest.mark.parametrize("path", ["/needs/", "/partnerships/", "/api/v1/partnerships/"])
def test_other_boards_answer_from_the_cache_too(client, db, path, django_assert_max_num_queries):
    NeedFactory()
    client.get(path)
    with django_assert_max_num_queries(0 if path.startswith("/api/") else 2):
        assert client.get(path).status_code == 200


def test_a_detail_pages_facts_are_cached_until_a_write(client, db):
    solution = SolutionFactory(description="첫 설명")
    url = f"/solutions/{solution.pk}/"
    assert "첫 설명" in client.get(url).content.decode()
    Solution.objects.filter(pk=solution.pk).update(description="몰래 바뀐 설명")
    assert "첫 설명" in client.get(url).content.decode()
    solution.description = "고친 설명"
    solution.save()
    page = client.get(url).content.decode()
    assert "고친 설명" in page and "첫 설명" not in page


def test_a_needs_contact_is_shown_only_to_whom_it_may_be(client, db):
    need = NeedFactory(contact_email="officer@city.go.kr", contact_phone="055-000-0000")
    officer = MembershipFactory(organization=need.organization).user
    url = f"/needs/{need.pk}/"
    client.force_login(officer)
    assert "officer@city.go.kr" in client.get(url).content.decode()  # cached with the contact shown
    client.force_login(MembershipFactory().user)
    page = client.get(url).content.decode()
    assert "officer@city.go.kr" not in page and "055-000-0000" not in page and 'id="contact-hidden"' in page
    client.logout()
    assert "officer@city.go.kr" not in client.get(url).content.decode()


def test_officers_share_the_public_catalogue_entry_and_companies_do_not(client, db, django_assert_max_num_queries):
    """Solutions differ between viewers only by their owners' drafts: an officer's memberships
    (municipalities own no solutions) do not split the catalogue's cache."""
    SolutionFactory(title="공개 솔루션")
    draft = SolutionFactory(status=Solution.Status.DRAFT, title="작성 중 솔루션")
    first, second = (MembershipFactory(organization=NeedFactory().organization).user for _ in range(2))
    client.force_login(first)
    assert _titles(client) == ["공개 솔루션"]
    client.force_login(second)
    client.get("/solutions/")  # reads the second officer's principal once
    with django_assert_max_num_queries(1):  # the session; the listing page comes from the first officer's entry
        assert _titles(client) == ["공개 솔루션"]
    assert caching.audience(second, "solution") == caching.audience(first, "solution") == "signed-in"
    assert caching.audience(second, "need") != caching.audience(first, "need")  # contacts may differ
    client.force_login(MembershipFactory(organization=draft.organization).user)
    assert set(_titles(client)) == {"공개 솔루션", "작성 중 솔루션"}
    client.force_login(MembershipFactory().user)  # another company: its own audience
    assert _titles(client) == ["공개 솔루션"]


def test_a_proposal_that_is_not_mutual_leaves_the_need_caches(db, company, company_admin):
    need = NeedFactory()
    officer = MembershipFactory(organization=need.organization).user
    solution = SolutionFactory(organization=company)
    before = caching.generation("need")
    interest_propose(user=company_admin, need=need, solution=solution, message="제안합니다")
    interest_propose(user=company_admin, need=need, solution=solution, message="다시 제안합니다")
    assert caching.generation("need") == before
    interest_invite(user=officer, need=need, solution=solution, message="초대합니다")  # now mutual
    assert caching.generation("need") > before


def test_the_api_list_json_is_served_from_the_cache_as_rendered(client, db, django_assert_max_num_queries):
    SolutionFactory(title="주차 안내")
    first = client.get("/api/v1/solutions/?page=1")
    with django_assert_max_num_queries(0):
        second = client.get("/api/v1/solutions/?page=1")
    assert second.content == first.content and second.json()["results"][0]["title"] == "주차 안내"
    for header in ("Content-Type", "Vary", "Allow"):
        assert second[header] == first[header]
    assert second["Content-Type"] == "application/json"
    browsable = client.get("/api/v1/solutions/?page=1", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200 and "주차 안내" in browsable.content.decode()
    assert browsable["Content-Type"].startswith("text/html")  # the browsable API is not served the cached JSON
