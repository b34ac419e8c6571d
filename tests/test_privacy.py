"""A person downloads their personal data and deletes their account; the organisation's listings,
interests and messages stay, credited to a former member, and nothing personal is left."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from marketplace import services
from marketplace.models import Membership, Solution
from matching.coordination import services as pipeline

from .factories import PASSWORD, CoordinatorFactory, MembershipFactory, NeedFactory, SolutionFactory


@pytest.fixture
def founder_world(db):
    from tests.coordination.test_pipeline import suggest

    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN).user
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN,
                                user__phone="010-1234-5678").user
    Solution.objects.filter(pk=solution.pk).update(created_by=founder)
    services.interest_propose(user=founder, need=need, solution=solution, message="제안드립니다")
    pairing = suggest(need, solution)
    pipeline.pairing_introduce(coordinator=CoordinatorFactory(), pairing=pairing, a_contact=officer, b_contact=founder)
    pipeline.pairing_answer(user=officer, pairing=pairing, accept=True)
    pipeline.pairing_answer(user=founder, pairing=pairing, accept=True)
    pipeline.message_post(user=founder, pairing=pairing, body="자료를 보내드립니다")
    return {"founder": founder, "officer": officer, "solution": solution, "pairing": pairing}


def test_personal_data_download(client, founder_world):
    from marketplace.services.saved_searches import saved_search_create

    founder = founder_world["founder"]
    saved_search_create(user=founder, kind="needs", query="q=주차", frequency="daily", name="주차 수요")
    client.force_login(founder)
    response = client.get(reverse("accounts:personal_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == founder.email and data["account"]["phone"] == "010-1234-5678"
    assert data["messages"][0]["body"] == "자료를 보내드립니다" and data["interests_sent"]
    assert data["introductions_as_contact"] == [founder_world["pairing"].pk]
    assert data["saved_searches"] == [{"board": "needs", "query": "q=주차", "name": "주차 수요", "alerts": "daily",
                                       "saved_at": data["saved_searches"][0]["saved_at"]}]


def test_deleting_the_account_erases_the_person_and_keeps_the_work(client, founder_world):
    from marketplace.services.saved_searches import saved_search_create

    founder = founder_world["founder"]
    saved_search_create(user=founder, kind="needs", query="q=주차", frequency="daily")
    email = founder.email
    elsewhere = Client()  # signed in on another device too
    elsewhere.force_login(founder)
    client.force_login(founder)
    assert client.post(reverse("accounts:account_delete"), {"password": "wrong"}).status_code == 400
    assert client.post(reverse("accounts:account_delete"), {"password": PASSWORD}).status_code == 302
    founder.refresh_from_db()
    assert not founder.is_active and founder.is_deleted and founder.phone == "" and not founder.has_usable_password()
    assert not get_user_model().objects.filter(email=email).exists()
    assert not Membership.objects.filter(user=founder).exists() and not founder.notifications.exists()
    assert not founder.saved_searches.exists() and not founder.sessions.exists()  # signed out everywhere
    assert Solution.objects.filter(pk=founder_world["solution"].pk, created_by=founder).exists()
    assert not client.login(email=email, password=PASSWORD)
    client.force_login(founder_world["officer"])
    html = client.get(reverse("coordination:pairing_detail", args=[founder_world["pairing"].pk])).content.decode()
    assert "자료를 보내드립니다" in html and email not in html and "010-1234-5678" not in html
    assert "탈퇴한 회원" in html or "Former member" in html


def test_the_last_administrator_of_an_organisation_with_members_must_hand_over_first(client, founder_world):
    founder = founder_world["founder"]
    MembershipFactory(organization=founder.memberships.get().organization, role=Membership.Role.MEMBER)
    client.force_login(founder)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 400 and founder.__class__.objects.get(pk=founder.pk).is_active
