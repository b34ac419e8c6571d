"""A company asks what a need means, the municipality answers on its page, and a visitor reads the
answer without learning who asked — in a real browser, through the pages only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import Question

from ..factories import MembershipFactory, MunicipalityOrganizationFactory, NeedFactory, OrganizationFactory
from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_question_asked_answered_and_read_by_everyone(browser, live_server):
    need = NeedFactory(organization=MunicipalityOrganizationFactory(), title="전통시장 주차 안내",
                       deadline=timezone.localdate() + timedelta(days=30))
    founder = MembershipFactory(organization=OrganizationFactory(name="비밀컴퍼니"), user__email="f@q.kr").user
    officer = MembershipFactory(organization=need.organization, user__email="o@q.kr").user
    url = f"{live_server.url}/needs/{need.pk}/"

    company = browser.new_context(locale="ko-KR").new_page()
    sign_in(company, live_server, founder.email)
    company.goto(url)
    company.get_by_label("질문 내용").fill("짧다")
    company.get_by_role("button", name="지자체에 질문하기").click()  # the browser's own check holds it
    assert not Question.objects.exists()
    company.get_by_label("질문 내용").fill("도로점용 허가는 시에서 지원해 주시나요?")
    company.get_by_role("button", name="지자체에 질문하기").click()
    company.wait_for_load_state()
    assert "질문을 보냈습니다" in company.content()
    assert company.locator("#questions").get_by_text("도로점용 허가는").is_visible()

    city = browser.new_context(locale="ko-KR").new_page()
    sign_in(city, live_server, officer.email)
    city.goto(url)
    question = Question.objects.get()
    city.locator(f"#answer-{question.pk}").fill("네, 교통행정과에서 일괄 처리합니다.")
    city.get_by_role("button", name="답변 공개").click()
    city.wait_for_load_state()
    assert "답변을 공개했습니다" in city.content()

    visitor = browser.new_context(locale="ko-KR").new_page()
    visitor.goto(url)
    section = visitor.locator("#questions")
    assert section.get_by_text("도로점용 허가는").is_visible() and section.get_by_text("교통행정과").is_visible()
    assert "비밀컴퍼니" not in section.inner_text()
    assert visitor.get_by_role("button", name="지자체에 질문하기").count() == 0  # visitors read, not ask
