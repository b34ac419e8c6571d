"""Matches end to end: retrieval, ranking, storage, reasons, the API, pages and the command."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from marketplace.kinds import refers_to, type_id
from marketplace.models import Membership, SolutionType
from marketplace.type_inference import infer_types
from matching.models import Match, MatchRun
from matching.services import match_compute
from openlab import search
from openlab.rows import statement
from tests.search_fixtures import index_everything

from ..factories import (
    CoordinatorFactory,
    MembershipFactory,
    NeedFactory,
    OrganizationFactory,
    PartnershipFactory,
    SolutionFactory,
)


@pytest.fixture
def market(city, company):
    need = NeedFactory(organization=city, title="전통시장 주차 정보", problem="시장 주변 주차 공간이 부족합니다",
                       budget_min_krw=10_000_000, budget_max_krw=50_000_000, external_id="need-1")
    need.types.set(["TRF-07"])
    parking = SolutionFactory(organization=company, title="빈자리 주차 안내", summary="주차면 안내",
                              price_min_krw=20_000_000, price_max_krw=40_000_000, deployment_months=3)
    care = SolutionFactory(title="어르신 돌봄", summary="안부 확인", description="돌봄",
                           primary_type=SolutionType.objects.get(code="HLT-01"))
    closed_source = SolutionFactory(title="주차 관제", summary="주차", open_source=False)
    index_everything(search.backend())
    return {"need": need, "parking": parking, "care": care, "closed": closed_source}


def test_need_to_solutions_ranks_the_fitting_one_first(market):
    rows = match_compute(listing=market["need"])
    assert rows[0].target_id == market["parking"].pk and rows[0].rank == 1
    assert 0 <= rows[-1].score <= rows[0].score <= 1
    assert market["care"].pk not in [row.target_id for row in rows[:1]]


def test_requirement_excludes_and_keeps_the_reason(market):
    market["need"].requires_open_source = True
    market["need"].save()
    match_compute(listing=market["need"])
    excluded = Match.objects.filter(source_id=market["need"].pk, excluded=True)
    assert excluded.filter(target_id=market["closed"].pk).exists()
    assert ["requires_open_source", {}] in excluded.get(target_id=market["closed"].pk).breakdown["excluded"]


def test_solution_to_needs(market):
    rows = match_compute(listing=market["parking"])
    assert rows[0].target_kind == "need" and rows[0].target_id == market["need"].pk


def test_matches_api_for_owner_and_coordinator_only(client, market, city_member, company_member, outsider):
    url = f"/api/v1/needs/{market['need'].pk}/matches/"
    client.force_login(city_member)
    items = client.get(url, {"limit": 5}).json()
    assert items[0]["id"] == market["parking"].pk and items[0]["rank"] == 1 and 0 <= items[0]["score"] <= 1
    assert any("스마트 주차" in reason for reason in items[0]["reasons"])
    for user, code in ((company_member, 403), (outsider, 403)):
        client.force_login(user)
        assert client.get(url).status_code == code
    client.force_login(CoordinatorFactory())
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code in (401, 403)


def test_matches_api_limit_is_checked(client, market, city_member):
    client.force_login(city_member)
    url = f"/api/v1/needs/{market['need'].pk}/matches/"
    assert "limit" in client.get(url, {"limit": 0}).json() and "limit" in client.get(url, {"limit": "x"}).json()
    assert client.get(url, {"limit": 100}).status_code == 200


def test_company_sees_needs_that_fit_its_solution(client, market, company_member):
    client.force_login(company_member)
    items = client.get(f"/api/v1/solutions/{market['parking'].pk}/matches/").json()
    assert items[0]["kind"] == "need" and items[0]["id"] == market["need"].pk


def test_drafts_never_appear_in_matches(client, market, company, city_member):
    draft = SolutionFactory(organization=company, title="초안 주차 안내", status="draft")
    index_everything(search.backend())
    client.force_login(city_member)
    ids = [item["id"] for item in client.get(f"/api/v1/needs/{market['need'].pk}/matches/").json()]
    assert draft.pk not in ids


def test_need_page_shows_recommended_solutions_with_reasons(client, market, city_member):
    client.force_login(city_member)
    page = client.get(reverse("marketplace:need_detail", args=[market["need"].pk])).content.decode()
    assert "추천 솔루션" in page and "빈자리 주차 안내" in page and "유형 일치" in page


def test_others_do_not_see_the_recommendations(client, market, outsider):
    client.force_login(outsider)
    assert "추천 솔루션" not in client.get(reverse("marketplace:need_detail", args=[market["need"].pk])).content.decode()


def test_match_command_json(market):
    out = StringIO()
    call_command("match", "need", "need-1", "--limit", "2", "--json", stdout=out)
    items = json.loads(out.getvalue())
    assert items[0]["rank"] == 1 and items[0]["id"] == market["parking"].pk
    assert {"rank", "score", "id", "external_id", "title", "organization", "reasons"} <= set(items[0])
    with pytest.raises(CommandError):
        call_command("match", "need", "nope", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("match", "need", "need-1", "--limit", "0", stdout=StringIO())


def test_partnership_counterparts(db):
    large = OrganizationFactory(size="large")
    seeking = PartnershipFactory(organization=large, direction="seeking", target_sizes="startup,sme",
                                 title="수요응답 교통 기술 파트너")
    seeking.types.set(["TRF-05"])
    sme = OrganizationFactory(size="sme")
    offering = PartnershipFactory(organization=sme, direction="offering", target_sizes="large",
                                  title="수요응답 교통 기술 제공", collaboration="joint_bid")
    offering.types.set(["TRF-05"])
    startup_solution = SolutionFactory(organization=OrganizationFactory(size="startup"), title="수요응답 버스",
                                       primary_type=SolutionType.objects.get(code="TRF-05"))
    large_solution = SolutionFactory(organization=OrganizationFactory(size="large"), title="수요응답 대기업",
                                     primary_type=SolutionType.objects.get(code="TRF-05"))
    index_everything(search.backend())
    rows = match_compute(listing=seeking)
    found = {(row.target_kind, row.target_id) for row in rows}
    assert ("partnership", offering.pk) in found and ("solution", startup_solution.pk) in found
    assert ("solution", large_solution.pk) not in found


def test_a_request_meets_the_subject_of_another_not_its_form(db):
    """A request that shares only how it partners (기술을 가진 중소기업, a large firm's consortium, a bid)
    is less relevant than one that shares what it is about."""
    text = "치매 선별 기술을 가진 중소기업을 찾습니다. 대기업 컨소시엄으로 함께 입찰합니다."
    subject = PartnershipFactory(organization=OrganizationFactory(size="sme"), direction="offering",
                                 target_sizes="large", title="어르신 치매 선별 앱", description="")
    form = PartnershipFactory(organization=OrganizationFactory(size="sme"), direction="offering",
                              target_sizes="large", title="주차 센서",
                              description="주차 센서 기술 중소기업으로 대기업 컨소시엄의 입찰 협력사가 되려 합니다.")
    index_everything(search.backend())
    relevance = dict(search.backend().candidates("partnership", text))
    assert relevance[subject.pk] > relevance.get(form.pk, 0.0)


@pytest.mark.parametrize("text, code", [
    ("중앙시장 주변 주차 공간이 부족합니다", "TRF-07"),
    ("Air quality near schools: parents want to know the PM2.5 level", "ENV-01"),
    ("올해 예산 편성 일정과 회의 결과를 공유합니다", None),  # nothing a solution type names
])
def test_types_are_inferred_from_the_text(db, text, code):
    codes = [c for c, _confidence in infer_types(text)]
    assert (code in codes) if code else codes == []


def test_type_suggestions_while_writing_a_need(client, city_member):
    client.force_login(city_member)
    response = client.get(reverse("marketplace:need_type_suggestions"), {"text": "시장 주변 주차 공간이 부족합니다"})
    data = response.json()
    assert data["types"][0]["code"] == "TRF-07" and "published_solutions" in data["types"][0]


def test_members_only_in_the_owner_organisation(client, market):
    member = MembershipFactory(organization=market["need"].organization, role=Membership.Role.ADMIN).user
    client.force_login(member)
    assert client.get(f"/api/v1/needs/{market['need'].pk}/matches/").status_code == 200


def test_suggest_button_preselects_types_without_saving(client, city_member):
    from marketplace.models import Need

    client.force_login(city_member)
    response = client.post(reverse("marketplace:need_create"), {"title": "시장 주차", "problem": "시장 주변 주차 공간이 부족합니다",
                                                    "suggest": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and not Need.objects.exists()
    assert re.search(r'value="TRF-07" id="[^"]+" checked', page) and 'value="시장 주차"' in page


def test_opening_a_need_page_computes_missing_matches_through_the_task_and_reads_them(client, market, city_member):
    from marketplace.models import Solution

    client.force_login(city_member)
    url = reverse("marketplace:need_detail", args=[market["need"].pk])
    assert not MatchRun.objects.filter(content_type_id=type_id("need"), object_id=market["need"].pk).exists()
    assert "빈자리 주차 안내" in client.get(url).content.decode()  # queued (eager here), then read
    assert MatchRun.objects.filter(content_type_id=type_id("need"), object_id=market["need"].pk).count() == 1
    Solution.objects.filter(pk=market["parking"].pk).update(title="몰래 바뀐 이름")  # no signal
    page = client.get(url).content.decode()
    assert "몰래 바뀐 이름" in page  # a signed-in reader's page is made for them, never from a cache
    assert MatchRun.objects.filter(content_type_id=type_id("need"), object_id=market["need"].pk).count() == 1


def test_a_page_recomputes_what_an_older_engine_stored_and_reads_the_current_engines_matches_alone(
        client, market, city_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from matching.scoring import ENGINE_VERSION

    need = market["need"]
    match_compute(listing=need)
    Match.objects.filter(refers_to("source", "need", need.pk)).update(engine_version="0")
    MatchRun.objects.filter(content_type_id=type_id("need"), object_id=need.pk).update(engine_version="0")
    client.force_login(city_member)
    url = reverse("marketplace:need_detail", args=[need.pk])
    assert "빈자리 주차 안내" in client.get(url).content.decode()
    assert MatchRun.objects.get(content_type_id=type_id("need"), object_id=need.pk).engine_version == ENGINE_VERSION
    assert set(Match.objects.filter(refers_to("source", "need", need.pk)).values_list("engine_version", flat=True)) \
        == {ENGINE_VERSION}
    with CaptureQueriesContext(connection) as queries:  # the rows say who stored them: no run to look up
        assert "빈자리 주차 안내" in client.get(url).content.decode()
    assert not [q for q in queries.captured_queries if MatchRun._meta.db_table in statement(q["sql"])]


def test_stored_matches_show_only_listings_still_public_of_verified_organisations_in_rank_order(db):
    from django.utils import timezone

    from matching.selectors import matches_for

    source = PartnershipFactory()
    kept_request = PartnershipFactory(direction="offering", organization=OrganizationFactory(size="sme"))
    kept_solution = SolutionFactory(title="남은 솔루션")
    drafted = SolutionFactory(title="초안이 된 솔루션")
    suspended = SolutionFactory(title="정지된 기업의 솔루션")
    for rank, (kind, target) in enumerate([("solution", drafted), ("partnership", kept_request),
                                           ("solution", suspended), ("solution", kept_solution)], start=1):
        Match.objects.create(source_type_id=type_id("partnership"), source_id=source.pk, target_type_id=type_id(kind), target_id=target.pk,
                             score=1 - rank / 10, rank=rank, breakdown={"reasons": [["size_fit", {"size": "sme"}]]},
                             engine_version="2", computed_at=timezone.now())
    type(drafted).objects.filter(pk=drafted.pk).update(status="draft")  # no signal: the rows stay
    type(suspended.organization).objects.filter(pk=suspended.organization_id).update(status="suspended")
    items = matches_for(source, limit=10)
    assert [(item.rank, item.kind, item.listing.pk) for item in items] == [
        (1, "partnership", kept_request.pk), (2, "solution", kept_solution.pk)]
    assert items[1].listing.organization.pk == kept_solution.organization_id and items[0].reasons
    assert items[0].score == 0.8 and items[0].engine_version == "2"
    assert matches_for(source, limit=2) == matches_for(source, limit=10)[:1]  # of the best two, one is public
    assert matches_for(source, limit=10, min_score=0.85) == []  # of those scoring 0.85 or more, none is public


def test_weak_matches_are_hidden_from_organisations_not_coordinators(client, market, city_member, coordinator,
                                                                     settings):
    rows = match_compute(listing=market["need"])
    weak = [row for row in rows if row.score < rows[0].score]
    assert weak, "the market has a weaker match to hide"
    settings.MATCH_SHOW_MIN_SCORE = (weak[0].score + rows[0].score) / 2  # between the best and the next
    page = reverse("marketplace:need_detail", args=[market["need"].pk])
    api = f"/api/v1/needs/{market['need'].pk}/matches/"
    client.force_login(city_member)
    html = client.get(page).content.decode()
    assert f"{round(rows[0].score * 100)}<span class=\"ol-score-of\">/100</span>" in html  # one way: of 100
    assert "%</span>" not in html
    assert [item["id"] for item in client.get(api).json()] == [rows[0].target_id]
    client.force_login(coordinator)
    assert len(client.get(api).json()) == len([row for row in rows if not row.excluded])
