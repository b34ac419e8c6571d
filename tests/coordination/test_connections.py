"""One connection per pair: a mutual interest becomes a pairing exactly like an introduced one that both
sides accepted (thread, contacts, outcomes), at /pairings/<id>/, linked from the interest's page."""

from django.urls import reverse

from marketplace.models import Membership
from marketplace.services.interests import interest_accept, interest_invite, interest_propose
from matching.coordination import services as pipeline
from matching.coordination.models import Pairing, PairingEvent

from ..factories import MembershipFactory, NeedFactory, SolutionFactory
from .test_pipeline import suggest


def _pair(city, company):
    need = NeedFactory(organization=city, title="전통시장 주차 정보")
    solution = SolutionFactory(organization=company, title="빈자리 주차 안내")
    officer = MembershipFactory(organization=city, role=Membership.Role.ADMIN).user
    founder = MembershipFactory(organization=company, role=Membership.Role.ADMIN).user
    return need, solution, officer, founder


def test_a_proposal_accepted_becomes_a_connection_both_sides_can_use(client, city, company):
    need, solution, officer, founder = _pair(city, company)
    proposal = interest_propose(user=founder, need=need, solution=solution, message="제안합니다")
    assert not Pairing.objects.exists()  # one side only: no connection yet
    interest_accept(user=officer, interest=proposal)
    pairing = Pairing.objects.get()
    assert (pairing.a_id, pairing.b_id, pairing.state) == (need.pk, solution.pk, Pairing.State.CONNECTED)
    assert pairing.a_contact == officer or pairing.a_contact.memberships.filter(organization=city).exists()
    assert pairing.b_contact == founder
    assert PairingEvent.objects.filter(pairing=pairing, action="mutual", to_state="connected").count() == 1
    pipeline.message_post(user=founder, pairing=pairing, body="다음 주 현장 방문 가능할까요?")
    pipeline.pairing_outcome(user=officer, pairing=pairing, outcome=Pairing.State.MEETING_HELD, note="방문")
    pairing.refresh_from_db()
    assert pairing.state == Pairing.State.MEETING_HELD and pairing.messages.count() == 1
    client.force_login(founder)
    page = client.get(reverse("marketplace:interest_detail", args=[proposal.pk])).content.decode()
    assert f'href="/pairings/{pairing.pk}/"' in page
    detail = client.get(f"/pairings/{pairing.pk}/")
    assert detail.status_code == 200 and "다음 주 현장 방문" in detail.content.decode()


def test_a_proposal_and_an_invitation_meet_the_suggested_pairing_and_make_no_second(city, company):
    need, solution, officer, founder = _pair(city, company)
    suggested = suggest(need, solution, score=0.8)
    interest_propose(user=founder, need=need, solution=solution, message="제안합니다")
    interest_invite(user=officer, need=need, solution=solution, message="참여해 주세요")
    assert Pairing.objects.count() == 1
    suggested.refresh_from_db()
    assert suggested.state == Pairing.State.CONNECTED and suggested.connected_at is not None
    assert {suggested.a_contact, suggested.b_contact} == {officer, founder}


def test_strangers_cannot_open_the_connection(client, city, company):
    need, solution, officer, founder = _pair(city, company)
    interest_accept(user=officer, interest=interest_propose(user=founder, need=need, solution=solution,
                                                            message="제안합니다"))
    pairing = Pairing.objects.get()
    client.force_login(MembershipFactory().user)
    assert client.get(f"/pairings/{pairing.pk}/").status_code == 404


def test_the_old_address_of_a_pairing_redirects(client, city, company):
    need, solution, officer, founder = _pair(city, company)
    pairing = suggest(need, solution, score=0.8)
    response = client.get(f"/matches/{pairing.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/pairings/{pairing.pk}/"
