"""Two-way interest: one per pair and direction, answers with reasons, and the mutual state."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace import services
from marketplace.models import Interest, Membership, Organization

from ..factories import MembershipFactory, NeedFactory, PartnershipFactory, SolutionFactory


@pytest.fixture
def need(city):
    return NeedFactory(organization=city)


@pytest.fixture
def solution(company):
    return SolutionFactory(organization=company)


def test_repeating_a_proposal_updates_it(need, solution, company_member):
    first = services.interest_propose(user=company_member, need=need, solution=solution, message="첫 제안")
    again = services.interest_propose(user=company_member, need=need, solution=solution, message="수정한 제안")
    assert first.pk == again.pk
    assert Interest.objects.count() == 1
    assert again.message == "수정한 제안" and again.state == "sent"
    assert again.sender == solution.organization and again.recipient == need.organization


def test_proposal_plus_invitation_is_mutual(need, solution, company_member, city_member):
    proposal = services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    assert proposal.mutual_at is None
    invitation = services.interest_invite(user=city_member, need=need, solution=solution, message="초대")
    proposal.refresh_from_db()
    assert invitation.mutual_at is not None and proposal.mutual_at is not None
    assert Interest.objects.count() == 2


def test_accepting_makes_the_pair_mutual(need, solution, company_member, city_member):
    invitation = services.interest_invite(user=city_member, need=need, solution=solution, message="초대")
    accepted = services.interest_accept(user=company_member, interest=invitation)
    assert accepted.state == "accepted" and accepted.mutual_at is not None
    assert accepted.decided_by == company_member


def test_withdrawing_ends_the_mutual_state(need, solution, company_member, city_member):
    proposal = services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    services.interest_invite(user=city_member, need=need, solution=solution, message="초대")
    services.interest_withdraw(user=company_member, interest=proposal)
    assert not Interest.objects.filter(mutual_at__isnull=False).exists()


def test_decline_reason_is_kept_for_the_sender(need, solution, company_member, city_member):
    proposal = services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    with pytest.raises(ValidationError) as exc:
        services.interest_decline(user=city_member, interest=proposal, reason="other", note="")
    assert "note" in exc.value.message_dict
    declined = services.interest_decline(user=city_member, interest=proposal, reason="budget", note="예산 초과")
    assert declined.state == "declined" and declined.opened_at is not None
    with pytest.raises(ValidationError):
        services.interest_propose(user=company_member, need=need, solution=solution, message="다시")


def test_only_the_recipient_answers(need, solution, company_member, outsider, coordinator):
    proposal = services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    for user in (company_member, outsider, coordinator):
        with pytest.raises(PermissionDenied):
            services.interest_accept(user=user, interest=proposal)


def test_cannot_propose_someone_elses_solution(need, solution, outsider):
    with pytest.raises(PermissionDenied):
        services.interest_propose(user=outsider, need=need, solution=solution, message="제안")


def test_cannot_propose_a_draft_or_to_a_closed_need(need, solution, company_member):
    solution.status = "draft"
    solution.save()
    with pytest.raises(ValidationError):
        services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    solution.status = "published"
    solution.save()
    need.status = "closed"
    need.save()
    with pytest.raises(ValidationError):
        services.interest_propose(user=company_member, need=need, solution=solution, message="제안")


def test_cannot_propose_after_the_deadline(need, solution, company_member):
    need.deadline = timezone.localdate() - timedelta(days=1)
    need.save()
    with pytest.raises(ValidationError) as exc:
        services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    assert exc.value.code == "deadline_passed"


def test_response_to_a_partnership_request(company, company_member):
    large = PartnershipFactory()
    owner = MembershipFactory(organization=large.organization, role=Membership.Role.ADMIN).user
    response = services.interest_respond(user=company_member, organization=company, partnership=large,
                                         message="저희 기술을 제안합니다")
    again = services.interest_respond(user=company_member, organization=company, partnership=large,
                                      message="보완")
    assert response.pk == again.pk and response.mutual_at is None
    accepted = services.interest_accept(user=owner, interest=again)
    assert accepted.mutual_at is not None


def test_cannot_respond_to_own_request(company, company_member):
    own = PartnershipFactory(organization=company)
    with pytest.raises(ValidationError):
        services.interest_respond(user=company_member, organization=company, partnership=own, message="자기")


def test_unverified_company_cannot_respond(company, company_member):
    request = PartnershipFactory()
    Organization.objects.filter(pk=company.pk).update(status="pending")
    company.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.interest_respond(user=company_member, organization=company, partnership=request, message="응답")


def test_pages_propose_open_and_decline(client, need, solution, company_member, city_member):
    client.force_login(company_member)
    response = client.post(reverse("marketplace:need_interest", args=[need.pk]),
                           {"solution": solution.pk, "message": "저희 솔루션을 제안합니다"})
    interest = Interest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("marketplace:interest_detail", args=[interest.pk])
    page = client.get(reverse("marketplace:interest_detail", args=[interest.pk]))
    assert "Not yet" in page.content.decode() or "아직" in page.content.decode()
    interest.refresh_from_db()
    assert interest.opened_at is None  # the sender looking does not count

    client.force_login(city_member)
    client.get(reverse("marketplace:workspace"))
    page = client.get(reverse("marketplace:interest_detail", args=[interest.pk])).content.decode()
    interest.refresh_from_db()
    assert interest.opened_at is None  # reading records nothing: the page sends the receipt itself
    receipt = reverse("marketplace:interest_opened", args=[interest.pk])
    assert f'action="{receipt}" data-receipt' in page and "openlab/receipt" in page
    assert client.post(receipt, HTTP_X_REQUESTED_WITH="fetch").status_code == 204
    interest.refresh_from_db()
    opened = interest.opened_at
    assert opened is not None
    client.post(receipt, HTTP_X_REQUESTED_WITH="fetch")
    interest.refresh_from_db()
    assert interest.opened_at == opened  # the first time counts
    url = reverse("marketplace:interest_action", args=[interest.pk])
    assert client.post(url, {"action": "decline", "note": "사유 없이"}).status_code == 302  # no default reason
    interest.refresh_from_db()
    assert interest.state == "sent"
    ask = client.post(url, {"action": "decline", "reason": "timing", "note": "내년 사업"})  # asks first
    assert ask.status_code == 200 and 'name="confirm" value="1"' in ask.content.decode()
    assert "내년 사업" in ask.content.decode()
    interest.refresh_from_db()
    assert interest.state == "sent"
    client.post(url, {"action": "decline", "reason": "timing", "note": "내년 사업", "confirm": "1"})
    interest.refresh_from_db()
    assert interest.state == "declined" and interest.decline_reason == "timing"

    client.force_login(company_member)
    sent = client.get(reverse("marketplace:workspace")).content.decode()
    assert "내년 사업" in sent


def test_interest_page_is_404_for_outsiders(client, need, solution, company_member, outsider):
    interest = services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    client.force_login(outsider)
    assert client.get(reverse("marketplace:interest_detail", args=[interest.pk])).status_code == 404
    assert client.post(reverse("marketplace:interest_action", args=[interest.pk]), {"action": "accept"}).status_code == 404
    interest.refresh_from_db()
    assert interest.state == "sent"


def test_page_form_refuses_a_solution_that_is_not_ours(client, need, solution, company_member, outsider):
    """The no-JavaScript form: a choice outside the company's own solutions goes back to the need's
    page with the form's message, and nothing is sent."""
    foreign = SolutionFactory()
    client.force_login(company_member)
    response = client.post(reverse("marketplace:need_interest", args=[need.pk]), {"solution": foreign.pk, "message": "제안"},
                           follow=True)
    assert response.redirect_chain == [(reverse("marketplace:need_detail", args=[need.pk]), 302)]
    [message] = [str(m) for m in response.context["messages"]]
    assert "올바르게 선택해 주세요" in message  # Django's "Select a valid choice", in Korean
    assert not Interest.objects.exists()


def test_page_form_shows_the_services_refusal(client, need, solution, company_member):
    need.status = "closed"
    need.save()
    client.force_login(company_member)
    response = client.post(reverse("marketplace:need_interest", args=[need.pk]), {"solution": solution.pk, "message": "제안"},
                           follow=True)
    assert response.redirect_chain == [(reverse("marketplace:need_detail", args=[need.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == ["이 수요는 제안을 받고 있지 않습니다."]
    assert not Interest.objects.exists()


def test_sending_an_interest_again_unchanged_reads_it_and_nothing_else(need, solution, company_member):
    """The pair's mutual state and the recipient's notification are as the first sending left them:
    a second identical sending neither writes nor looks at the pair or the notifications again."""
    first = services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    with CaptureQueriesContext(connection) as queries:
        again = services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    assert again.pk == first.pk
    interest_reads = [q["sql"] for q in queries if '"marketplace_interest"' in q["sql"]]
    assert len(interest_reads) == 1, interest_reads  # the interest itself, locked; not its pair again
    assert not [q["sql"] for q in queries if "notification" in q["sql"]]


def test_withdrawing_asks_first(client, need, solution, company_member):
    interest = services.interest_propose(user=company_member, need=need, solution=solution, message="제안")
    client.force_login(company_member)
    url = reverse("marketplace:interest_action", args=[interest.pk])
    page = client.post(url, {"action": "withdraw"})
    assert page.status_code == 200 and 'id="confirm-form"' in page.content.decode()
    assert Interest.objects.get(pk=interest.pk).state == "sent"
    client.post(url, {"action": "withdraw", "confirm": "1"})
    assert Interest.objects.get(pk=interest.pk).state == "withdrawn"
