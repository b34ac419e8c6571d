"""A founder lists and publishes a solution with a PDF brochure; an officer posts a need and invites
that solution — in a real browser, through the pages only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import Attachment, Interest, Need, Solution

from ..factories import MembershipFactory, MunicipalityOrganizationFactory, OrganizationFactory
from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def people(db):
    company = OrganizationFactory(name="파킹메이트")
    city = MunicipalityOrganizationFactory()
    founder = MembershipFactory(organization=company, user__email="founder@parking.kr").user
    officer = MembershipFactory(organization=city, user__email="officer@tongyeong.kr").user
    return founder, officer


def test_solution_published_with_pdf_then_invited_to_a_need(browser, live_server, people, tmp_path):
    founder, officer = people
    brochure = tmp_path / "brochure.pdf"
    brochure.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    founder_page = browser.new_context(locale="ko-KR").new_page()
    sign_in(founder_page, live_server, founder.email)
    founder_page.goto(f"{live_server.url}/solutions/new/")
    founder_page.fill("#id_title", "빈자리알림 스마트 주차")
    founder_page.fill("#id_summary", "빈 주차면을 실시간으로 안내합니다.")
    founder_page.fill("#id_description", "전통시장 주변 **주차** 안내")
    founder_page.select_option("#id_primary_type", "TRF-07")
    founder_page.click("label[for=id_nationwide]")  # KRDS styles the label as the checkbox
    founder_page.select_option("#id_deployments-0-municipality", "48220")
    founder_page.fill("#id_deployments-0-year", "2024")
    founder_page.click("main form.ol-form button[type=submit]")
    founder_page.wait_for_load_state()
    solution = Solution.objects.get()
    assert founder_page.url.endswith(f"/solutions/{solution.pk}/")
    founder_page.set_input_files("input[name=file]", str(brochure))
    founder_page.get_by_role("button", name="올리기").click()
    founder_page.wait_for_load_state()
    assert founder_page.get_by_role("link", name="brochure.pdf").is_visible()
    founder_page.get_by_role("button", name="게시", exact=True).click()
    founder_page.wait_for_load_state()
    assert founder_page.locator(".ol-status").inner_text() == "게시됨"
    solution.refresh_from_db()
    assert solution.status == "published" and Attachment.objects.get().kind == "pdf"
    assert solution.deployments.get().municipality_id == "48220"

    officer_page = browser.new_context(locale="ko-KR").new_page()
    sign_in(officer_page, live_server, officer.email)
    officer_page.goto(f"{live_server.url}/needs/new/")
    officer_page.fill("#id_title", "전통시장 배달·주차 정보")
    officer_page.fill("#id_problem", "중앙시장 주변 주차 공간이 부족합니다.")
    officer_page.fill("#id_deadline", (timezone.localdate() + timedelta(days=30)).isoformat())
    officer_page.fill("#id_contact_name", "김민지")
    officer_page.click("main form.ol-form button[type=submit]")
    officer_page.wait_for_load_state()
    officer_page.get_by_role("button", name="게시", exact=True).click()
    officer_page.wait_for_load_state()
    need = Need.objects.get()
    assert need.status == "open"

    officer_page.goto(f"{live_server.url}/solutions/")
    officer_page.get_by_role("link", name="빈자리알림 스마트 주차").click()
    officer_page.wait_for_load_state()
    officer_page.select_option("#id_need", str(need.pk))
    officer_page.fill("#id_message", "현장 설명회에 초대합니다.")
    officer_page.get_by_role("button", name="초청").click()
    officer_page.wait_for_load_state()
    invitation = Interest.objects.get()
    assert invitation.kind == "invitation" and invitation.solution == solution and invitation.need == need
    assert officer_page.url.endswith(f"/interests/{invitation.pk}/")

    founder_page.goto(f"{live_server.url}/workspace/")
    assert "현장 설명회" not in founder_page.content()  # the message is on the interest's own page
    founder_page.get_by_role("link", name="초청(지자체 → 솔루션)").click()
    founder_page.wait_for_load_state()
    founder_page.get_by_role("button", name="수락").click()
    founder_page.wait_for_load_state()
    invitation.refresh_from_db()
    assert invitation.state == "accepted" and invitation.mutual_at is not None
    for page in (founder_page, officer_page):
        page.context.close()


def test_officer_sees_ranked_solutions_with_reasons(browser, live_server, people):
    from marketplace.models import SolutionType
    from openlab import search
    from tests.search_fixtures import index_everything

    from ..factories import NeedFactory, SolutionFactory

    _founder, officer = people
    city = officer.memberships.get().organization
    need = NeedFactory(organization=city, title="전통시장 주차 정보", problem="시장 주변 주차 공간이 부족합니다")
    need.types.set(["TRF-07"])
    SolutionFactory(title="빈자리 주차 안내", summary="주차면 안내")
    SolutionFactory(title="어르신 돌봄", summary="안부 확인", description="돌봄",
                    primary_type=SolutionType.objects.get(code="HLT-01"))
    index_everything(search.backend())

    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, officer.email)
    page.goto(f"{live_server.url}/needs/{need.pk}/")
    section = page.get_by_role("region", name="추천 솔루션")
    first = section.locator("li.ol-match").first
    assert "빈자리 주차 안내" in first.inner_text()
    assert "유형 일치: 스마트 주차" in first.inner_text()
    assert first.locator(".ol-score").inner_text().endswith("/100")  # one way to show a score: of 100
    page.context.close()
