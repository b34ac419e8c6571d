"""A founder saves the needs board's search, renames it and deletes it — in a real browser, through
the pages only (the alerts themselves: tests/marketplace/test_saved_searches.py)."""

import pytest
from django.http import QueryDict

from marketplace.models import SavedSearch

from ..factories import MembershipFactory, OrganizationFactory
from .test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_save_rename_and_delete_a_search(browser, live_server):
    founder = MembershipFactory(organization=OrganizationFactory(), user__email="saver@q.kr").user
    page = browser.new_context(locale="ko-KR").new_page()
    sign_in(page, live_server, founder.email)
    page.goto(f"{live_server.url}/needs/?q=주차")
    page.get_by_label("이름(선택)").fill("주차 수요 알림")
    page.get_by_label("새 게시물 알림").select_option("instant")
    page.locator("form.ol-save-search").get_by_role("button", name="이 검색 저장").click()
    page.wait_for_load_state()
    assert page.url.endswith("/saved-searches/")
    saved = SavedSearch.objects.get()
    assert (saved.user, saved.kind, saved.frequency, saved.name) == (founder, "needs", "instant", "주차 수요 알림")
    assert QueryDict(saved.query)["q"] == "주차" and page.get_by_role("link", name="주차 수요 알림").is_visible()

    page.locator(f"#name-{saved.pk}").fill("경남 주차")
    page.locator(f"#saved-{saved.pk}").get_by_role("button", name="변경 저장").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="경남 주차").is_visible()
    page.get_by_role("link", name="경남 주차").click()  # back to the board with the same search
    page.wait_for_load_state()
    assert "/needs/?" in page.url and page.locator("input[name=q]").first.input_value() == "주차"

    page.goto(f"{live_server.url}/saved-searches/")
    page.get_by_role("button", name="“경남 주차” 삭제").click()
    page.wait_for_load_state()
    assert not SavedSearch.objects.exists() and "저장한 검색이 아직 없습니다" in page.content()
