"""A detail page: the listing row is the same for every viewer (cached for anonymous visitors) and
checked against the viewer after (``may_see_listing``); a signed-in viewer's interests and forms are
read for them on every view."""

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace import selectors, services
from marketplace.models import Interest, Need, Organization, PartnershipRequest, Solution
from marketplace.services.interests import interest_mark_opened, interest_propose
from openlab.rows import statement

from ..factories import (
    CoordinatorFactory,
    MembershipFactory,
    NeedFactory,
    OrganizationFactory,
    PartnershipFactory,
    SolutionFactory,
    _another_municipality_organization,
)


def _organization(kind, status=Organization.Status.VERIFIED):
    if kind == Organization.Kind.COMPANY:
        return OrganizationFactory(status=status)
    organization = _another_municipality_organization()
    organization.status = status
    organization.save()
    return organization

FACTORIES = {Solution: SolutionFactory, Need: NeedFactory, PartnershipRequest: PartnershipFactory}


@pytest.mark.parametrize("model", [Solution, Need, PartnershipRequest])
def test_may_see_listing_agrees_with_listings_visible_to(db, model):
    """The rule applied to a cached row is the queryset's rule, for every status, organisation state
    and kind of viewer."""
    from django.contrib.auth.models import AnonymousUser

    owner_kind = sorted(model.OWNER_KINDS)[0]
    listings = []
    for status, org_status in itertools.product(model.Status.values, Organization.Status.values):
        listings.append(FACTORIES[model](organization=_organization(owner_kind, org_status), status=status))
    owner = MembershipFactory(organization=listings[0].organization).user
    peer = MembershipFactory(organization=_organization(owner_kind)).user
    other_kind = MembershipFactory(organization=_organization(
        Organization.Kind.MUNICIPALITY if owner_kind == Organization.Kind.COMPANY else Organization.Kind.COMPANY)).user
    viewers = [AnonymousUser(), owner, peer, other_kind, CoordinatorFactory()]
    for viewer, listing in itertools.product(viewers, listings):
        expected = selectors.listings_visible_to(model, viewer).filter(pk=listing.pk).exists()
        assert selectors.may_see_listing(viewer, listing) is expected, (viewer, listing.status,
                                                                        listing.organization.status)


def test_a_draft_is_hidden_from_others_though_its_row_is_cached(client, db, company):
    draft = SolutionFactory(organization=company, status=Solution.Status.DRAFT, title="숨은 초안")
    client.force_login(MembershipFactory(organization=company).user)
    assert "숨은 초안" in client.get(f"/solutions/{draft.pk}/").content.decode()  # cached now
    client.force_login(MembershipFactory().user)
    assert client.get(f"/solutions/{draft.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/solutions/{draft.pk}/").status_code == 404


def test_a_new_attachment_shows_on_the_cached_page(client, db, company, django_capture_on_commit_callbacks):
    solution = SolutionFactory(organization=company)
    member = MembershipFactory(organization=company).user
    url = f"/solutions/{solution.pk}/"
    assert "brochure.pdf" not in client.get(url).content.decode()  # anonymous: cached now
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_add(user=member, listing=solution, upload=SimpleUploadedFile(
            "brochure.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
    assert "brochure.pdf" in client.get(url).content.decode()


def test_the_interests_on_a_page_follow_each_change(client, db, company, company_admin):
    need = NeedFactory()
    officer = MembershipFactory(organization=need.organization).user
    solution = SolutionFactory(organization=company, title="제안 솔루션")
    client.force_login(officer)
    url = f"/needs/{need.pk}/"
    assert "ol-interests" not in client.get(url).content.decode()
    interest = interest_propose(user=company_admin, need=need, solution=solution, message="제안합니다")
    page = client.get(url).content.decode()
    assert "ol-interests" in page and "제안 솔루션" in page
    client.force_login(company_admin)  # the company's view of its solution: not opened yet
    solution_url = f"/solutions/{solution.pk}/"
    assert "ol-interests" in client.get(solution_url).content.decode()
    assert client.get(solution_url).content.decode().count("<td>—</td>") == 1
    interest_mark_opened(user=officer, interest=Interest.objects.get(pk=interest.pk))  # an UPDATE: no signal
    assert client.get(solution_url).content.decode().count("<td>—</td>") == 0
    client.force_login(MembershipFactory().user)  # another company's audience sees none of it
    assert "ol-interests" not in client.get(solution_url).content.decode()


def test_a_listings_interests_come_with_organisations_and_titles_newest_first_in_two_queries(
        db, company, company_admin, django_assert_num_queries):
    need = NeedFactory(title="주차 수요")
    officer = MembershipFactory(organization=need.organization).user
    first = SolutionFactory(organization=company, title="첫 제안")
    second = SolutionFactory(organization=company, title="둘째 제안")
    older = interest_propose(user=company_admin, need=need, solution=first, message="먼저 제안합니다")
    newer = interest_propose(user=company_admin, need=need, solution=second, message="다음 제안입니다")
    interest_propose(user=company_admin, need=NeedFactory(), solution=first, message="다른 수요입니다")
    officer.refresh_from_db()
    assert not officer.is_coordinator and selectors.memberships_of(officer)  # read with the request, before
    with django_assert_num_queries(2):  # whether there are any, then they with their names
        found = selectors.interests_between(user=officer, listing=need)
        assert [i.pk for i in found] == [newer.pk, older.pk]
        assert [(i.sender.display_name, i.recipient.display_name, i.need.title, i.solution.title, i.partnership)
                for i in found] == [(company.display_name, need.organization.display_name, "주차 수요", title, None)
                                    for title in ("둘째 제안", "첫 제안")]
    assert [i.pk for i in selectors.interests_between(user=CoordinatorFactory(), listing=need)] == [newer.pk, older.pk]
    stranger = MembershipFactory().user
    assert not stranger.is_coordinator and selectors.memberships_of(stranger)
    with django_assert_num_queries(1):  # nothing to read but whether there is any
        assert selectors.interests_between(user=stranger, listing=need) == []
    assert [i.pk for i in selectors.interests_between(user=company_admin, listing=second)] == [newer.pk]


def test_the_award_choice_lists_the_proposed_solutions_newest_first_from_one_query(
        client, db, company, company_admin, django_assert_num_queries):
    import re
    from datetime import timedelta

    from django.utils import timezone

    need = NeedFactory(title="수상 수요")
    officer = MembershipFactory(organization=need.organization).user
    older = SolutionFactory(organization=company, title="오래된 제안", published_at=timezone.now() - timedelta(days=2))
    newer = SolutionFactory(organization=company, title="새 제안", published_at=timezone.now())
    SolutionFactory(organization=company, title="제안하지 않은 솔루션")
    for solution in (older, newer):
        interest_propose(user=company_admin, need=need, solution=solution, message="제안합니다")
    with django_assert_num_queries(1):
        found = selectors.award_candidates(need)
        assert [(s.pk, s.organization.name) for s in found] == [(newer.pk, company.name), (older.pk, company.name)]
    client.force_login(officer)
    page = client.get(f"/needs/{need.pk}/").content.decode()
    select = re.search(r'<select name="awarded_solution".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="(\d+)"', select) == [str(newer.pk), str(older.pk)]
    assert f"새 제안 — {company}" in select and "제안하지 않은 솔루션" not in select


def test_the_interest_forms_offer_the_open_needs_and_published_solutions_by_title_from_one_query(
        client, db, company, company_admin, django_assert_num_queries):
    import re

    city = NeedFactory().organization
    officer = MembershipFactory(organization=city).user
    for title, status in (("나 수요", "open"), ("가 수요", "open"), ("닫힌 수요", "closed")):
        NeedFactory(organization=city, title=title, status=status)
    for title, status in (("나 솔루션", "published"), ("가 솔루션", "published"), ("초안 솔루션", "draft")):
        SolutionFactory(organization=company, title=title, status=status)
    expected = sorted(Need.objects.filter(organization=city, status="open").values_list("title", flat=True))
    with django_assert_num_queries(1):
        assert [n.title for n in selectors.titles_to_choose(Need, city)] == expected
    with django_assert_num_queries(1):
        assert [s.title for s in selectors.titles_to_choose(Solution, company)] == ["가 솔루션", "나 솔루션"]

    def options(user, url, name):
        client.force_login(user)
        page = client.get(url).content.decode()
        return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', re.search(
            rf'<select name="{name}".*?</select>', page, re.S).group(0))

    some_need = Need.objects.filter(organization=city, status="open").first()
    assert options(company_admin, f"/needs/{some_need.pk}/", "solution") == ["가 솔루션", "나 솔루션"]
    published = Solution.objects.get(title="가 솔루션")
    assert "닫힌 수요" not in options(officer, f"/solutions/{published.pk}/", "need")


def test_the_forms_choices_follow_the_listings_they_choose_from(client, db, company, company_admin):
    need = NeedFactory(title="첫 번째 수요")
    officer = MembershipFactory(organization=need.organization).user
    solution = SolutionFactory(organization=company, title="제안할 솔루션")
    client.force_login(officer)
    page = client.get(f"/solutions/{solution.pk}/").content.decode()
    assert 'name="need"' in page and "첫 번째 수요" in page  # the invite form, from the cache next time
    NeedFactory(organization=need.organization, title="두 번째 수요")
    assert "두 번째 수요" in client.get(f"/solutions/{solution.pk}/").content.decode()
    need_page = client.get(f"/needs/{need.pk}/").content.decode()
    assert 'name="awarded_solution"' not in need_page  # nothing proposed yet
    interest_propose(user=company_admin, need=need, solution=solution, message="제안합니다")
    need_page = client.get(f"/needs/{need.pk}/").content.decode()
    assert 'name="awarded_solution"' in need_page and "제안할 솔루션" in need_page
    assert 'name="file"' in need_page  # the owner's upload form


def test_a_solution_page_reads_its_types_regions_and_deployments_in_constant_queries(client, db, company):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.models import Deployment, Municipality, SolutionType

    def queries(solution):
        cache.clear()  # the page's entry is made again: what it costs to read
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/solutions/{solution.pk}/").status_code == 200
        return len(ctx.captured_queries)

    def solution(n):
        made = SolutionFactory(organization=company, types=list(SolutionType.objects.all()[:n]), nationwide=False)
        made.service_sidos.set(Municipality.objects.filter(level=Municipality.Level.SIDO)[:n])
        for year in range(2020, 2020 + n):
            Deployment.objects.create(solution=made, municipality=Municipality.objects.filter(
                level=Municipality.Level.SIGUNGU)[year - 2020], year=year, outcome="운영 중")
        return made

    one = solution(1)
    queries(one)  # what a process reads once (content types) is read before counting
    assert queries(solution(6)) == queries(one)


def test_an_interest_sent_again_unchanged_writes_nothing(db, company, company_admin):
    need = NeedFactory()
    solution = SolutionFactory(organization=company)
    first = interest_propose(user=company_admin, need=need, solution=solution, message="제안합니다")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        again = interest_propose(user=company_admin, need=need, solution=solution, message="제안합니다")
    written = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    assert written == [] and not [q for q in ctx.captured_queries if "notifications_notification" in statement(q["sql"])]
    assert again.pk == first.pk and again.updated_at == first.updated_at
    edited = interest_propose(user=company_admin, need=need, solution=solution, message="고쳐서 다시 제안합니다")
    assert edited.message == "고쳐서 다시 제안합니다" and edited.updated_at > first.updated_at
