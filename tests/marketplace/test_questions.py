"""Clarification questions on needs: who may ask and until when, who sees what (answers public and
never naming who asked; a waiting question only for the two organisations), who answers, publishes
or hides (audited), and who is told of an answer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace import services
from marketplace.models import Interest, Membership, Organization, Question
from openlab.audit.models import AuditEntry
from openlab.notifications.models import Notification

from ..factories import (
    MembershipFactory,
    MunicipalityOrganizationFactory,
    NeedFactory,
    OrganizationFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db
QUESTION = "실증 기간 중 데이터 소유권은 누구에게 있나요?"


@pytest.fixture
def need():
    return NeedFactory(organization=MunicipalityOrganizationFactory(),
                       deadline=timezone.localdate() + timedelta(days=30))


@pytest.fixture
def officer(need):
    return MembershipFactory(organization=need.organization, role=Membership.Role.MEMBER).user


@pytest.fixture
def founder():
    return MembershipFactory(organization=OrganizationFactory(name="비밀컴퍼니"), role=Membership.Role.MEMBER).user


def ask(client, user, need, text=QUESTION):
    client.force_login(user)
    return client.post(reverse("marketplace:question_ask", args=[need.pk]), {"text": text})


def test_a_verified_company_asks_and_the_municipality_is_told(client, need, officer, founder):
    response = ask(client, founder, need)
    assert response.status_code == 302 and response["Location"].endswith("#questions")
    question = Question.objects.get()
    assert question.state == "open" and question.organization.name == "비밀컴퍼니"
    assert Notification.objects.filter(user=officer, kind="question_asked").exists()


@pytest.mark.parametrize("who", ["anonymous", "municipality", "pending_company"])
def test_only_members_of_verified_companies_ask(client, need, who):
    if who == "municipality":
        client.force_login(MembershipFactory(organization=need.organization).user)
    elif who == "pending_company":
        client.force_login(MembershipFactory(organization=OrganizationFactory(
            status=Organization.Status.PENDING)).user)
    response = client.post(reverse("marketplace:question_ask", args=[need.pk]), {"text": QUESTION})
    assert response.status_code in (302, 403) and not Question.objects.exists()
    if who == "anonymous":
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("text", ["짧다", "가" * 2001])
def test_a_question_of_the_wrong_length_is_a_form_error_and_kept(client, need, founder, text):
    response = ask(client, founder, need, text)
    assert response.status_code == 400 and not Question.objects.exists()
    html = response.content.decode()
    assert 'role="alert"' in html and text[:50] in html  # the error on top, what was typed kept


def test_after_the_clarification_deadline_a_clear_error(client, need, founder):
    need.clarification_deadline = timezone.localdate() - timedelta(days=1)
    need.save()
    response = ask(client, founder, need)
    assert response.status_code == 400 and not Question.objects.exists()
    assert need.clarification_deadline.isoformat() in response.content.decode()


def test_by_default_questions_close_seven_days_before_the_deadline(client, need, founder):
    need.deadline = timezone.localdate() + timedelta(days=6)
    need.save()
    assert need.questions_until == timezone.localdate() - timedelta(days=1)
    assert ask(client, founder, need).status_code == 400


def test_the_clarification_deadline_cannot_follow_the_proposal_deadline(need, officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.listing_update(user=officer, listing=need,
                                data={"clarification_deadline": need.deadline + timedelta(days=1)})
    assert "clarification_deadline" in exc.value.message_dict


def test_a_waiting_question_is_seen_only_by_the_two_organisations(client, need, officer, founder):
    question = services.question_ask(user=founder, need=need, text=QUESTION)
    page = reverse("marketplace:need_detail", args=[need.pk])
    api = f"/api/v1/needs/{need.pk}/questions/"
    for viewer, sees in ((None, False), (MembershipFactory().user, False), (officer, True), (founder, True)):
        client.logout()
        if viewer:
            client.force_login(viewer)
        assert (QUESTION in client.get(page).content.decode()) is sees
        assert ([q["id"] for q in client.get(api).json()] == [question.pk]) is sees


def test_an_answer_is_public_never_names_who_asked_and_is_audited(client, need, officer, founder):
    question = services.question_ask(user=founder, need=need, text=QUESTION)
    client.force_login(officer)
    response = client.post(reverse("marketplace:question_answer", args=[question.pk]),
                           {"text": "실증 데이터는 시와 기업이 공동 소유합니다."})
    assert response.status_code == 302
    client.logout()
    html = client.get(reverse("marketplace:need_detail", args=[need.pk])).content.decode()
    assert QUESTION in html and "공동 소유" in html and "비밀컴퍼니" not in html
    body = client.get(f"/api/v1/needs/{need.pk}/questions/").json()
    assert body[0]["question"] == QUESTION and body[0]["answer"].startswith("실증 데이터")
    assert "비밀컴퍼니" not in str(body) and "organization" not in body[0] and body[0]["answered_at"]
    entry = AuditEntry.objects.get(action="question_answer")
    assert entry.actor == officer and entry.details["question"] == question.pk


def test_everyone_following_the_need_hears_of_an_answer(need, officer, founder):
    interested = SolutionFactory()
    follower = MembershipFactory(organization=interested.organization).user
    Interest.objects.create(kind=Interest.Kind.PROPOSAL, sender=interested.organization,
                            recipient=need.organization, need=need, solution=interested, message="관심 있습니다")
    bystander = MembershipFactory().user
    question = services.question_ask(user=founder, need=need, text=QUESTION)
    services.question_answer(user=officer, question=question, text="답변입니다.")
    told = set(Notification.objects.filter(kind="question_answered").values_list("user_id", flat=True))
    assert {follower.pk, founder.pk} <= told and bystander.pk not in told and officer.pk not in told
    notification = Notification.objects.get(user=follower, kind="question_answered")
    assert "비밀컴퍼니" not in notification.body and "답변입니다." in notification.body


def test_only_the_needs_organisation_answers_publishes_or_hides(client, need, officer, founder):
    question = services.question_ask(user=founder, need=need, text=QUESTION)
    for user in (founder, MembershipFactory().user):
        client.force_login(user)
        for action in ("question_answer", "question_publish", "question_hide"):
            response = client.post(reverse(f"marketplace:{action}", args=[question.pk]), {"text": "남의 답"})
            assert response.status_code == 404
    question.refresh_from_db()
    assert question.state == "open" and question.answer == ""


def test_publish_without_an_answer_and_hide_as_off_topic(client, need, officer, founder):
    first = services.question_ask(user=founder, need=need, text=QUESTION)
    second = services.question_ask(user=founder, need=need, text="회사 홍보를 해도 되나요? 광고입니다.")
    client.force_login(officer)
    client.post(reverse("marketplace:question_publish", args=[first.pk]))
    client.post(reverse("marketplace:question_hide", args=[second.pk]))
    client.logout()
    html = client.get(reverse("marketplace:need_detail", args=[need.pk])).content.decode()
    assert QUESTION in html and "광고입니다" not in html
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {"question_publish", "question_hide"}


def test_an_empty_answer_is_refused_on_the_page_with_the_question_kept(client, need, officer, founder):
    question = services.question_ask(user=founder, need=need, text=QUESTION)
    client.force_login(officer)
    response = client.post(reverse("marketplace:question_answer", args=[question.pk]), {"text": "  "})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    question.refresh_from_db()
    assert question.state == "open"


def test_the_api_asks_for_a_verified_company(client, need, founder):
    client.force_login(founder)
    response = client.post(f"/api/v1/needs/{need.pk}/questions/", {"text": QUESTION}, content_type="application/json")
    assert response.status_code == 201 and response.json()["state"] == "open"
    short = client.post(f"/api/v1/needs/{need.pk}/questions/", {"text": "짧다"}, content_type="application/json")
    assert short.status_code == 400 and "text" in short.json()
    client.force_login(MembershipFactory(organization=need.organization).user)
    refused = client.post(f"/api/v1/needs/{need.pk}/questions/", {"text": QUESTION}, content_type="application/json")
    assert refused.status_code == 403 and Question.objects.count() == 1


def test_each_viewer_reads_the_questions_they_may_see_oldest_first_in_one_query(need, officer, founder,
                                                                                django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from marketplace.selectors import memberships_of, questions_visible_to

    from ..factories import CoordinatorFactory

    other = MembershipFactory(organization=OrganizationFactory(name="다른컴퍼니")).user
    company, rival = (Membership.objects.get(user=u).organization for u in (founder, other))
    now = timezone.now()
    asked = [Question.objects.create(need=need, organization=org, asked_by=user, text=f"{QUESTION} {n}", state=state,
                                     created_at=now - timedelta(minutes=10 - n))
             for n, (org, user, state) in enumerate([(company, founder, "open"), (rival, other, "answered"),
                                                     (rival, other, "hidden"), (company, founder, "published")])]
    for viewer, expected in ((officer, asked), (CoordinatorFactory(), asked), (founder, [asked[0], asked[1], asked[3]]),
                             (other, [asked[1], asked[2], asked[3]]), (AnonymousUser(), [asked[1], asked[3]])):
        if viewer.is_authenticated:
            assert viewer.is_coordinator is not None and memberships_of(viewer) is not None  # read with the request
        with django_assert_num_queries(1):
            assert [q.pk for q in questions_visible_to(viewer, need)] == [q.pk for q in expected]
