"""Budgets and prices are typed in 만원 with separators and shown as 억/만 원 (KRW in English)."""

import pytest
from django.urls import reverse
from django.utils import translation

from marketplace.models import Need
from marketplace.money import won_text


@pytest.mark.parametrize("amount, korean, english", [
    (15_000_000, "1,500만 원", "KRW 15,000,000"), (150_000_000, "1억 5,000만 원", "KRW 150,000,000"),
    (1_230_000_000_000, "12,300억 원", "KRW 1,230,000,000,000"), (5_000, "5,000 원", "KRW 5,000"), (0, "0 원", "KRW 0"),
])
def test_amounts_read_as_people_write_them(amount, korean, english):
    with translation.override("ko"):
        assert won_text(amount) == korean
    with translation.override("en"):
        assert won_text(amount) == english


def test_a_budget_is_typed_in_manwon_and_shown_in_eok_and_man(client, city_member):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(city_member)
    data = {"title": "전통시장 주차", "problem": "주차 공간이 부족합니다.", "contact_name": "김민지",
            "deadline": (timezone.localdate() + timedelta(days=20)).isoformat(), "programme": "own_budget",
            "budget_min_krw": "1,500", "budget_max_krw": "15000"}
    response = client.post(reverse("marketplace:need_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    need = Need.objects.get()
    assert (need.budget_min_krw, need.budget_max_krw) == (15_000_000, 150_000_000)
    page = client.get(reverse("marketplace:need_detail", args=[need.pk])).content.decode()
    assert "1,500만 원–1억 5,000만 원" in page
    edit = client.get(reverse("marketplace:need_edit", args=[need.pk])).content.decode()
    assert 'value="1,500"' in edit and 'value="15,000"' in edit  # shown back as typed, in 만원
    bad = client.post(reverse("marketplace:need_create"), data | {"budget_min_krw": "천오백"})
    assert bad.status_code == 200 and "budget_min_krw" in bad.context["form"].errors
