"""Both sides of a pair writing at once, on real concurrent PostgreSQL connections: ten invitations
from the officer and ten proposals from the company end in one proposal, one invitation, a mutual
pair and one connection, with no request failing (the pair's row is locked first, in one order, and a
deadlock would be retried)."""

import threading

import pytest
from django.db import connection, connections

from marketplace.models import Interest, Membership
from marketplace.services.interests import interest_invite, interest_propose
from matching.coordination.models import Pairing

from ..factories import MembershipFactory, NeedFactory, SolutionFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_invitations_and_ten_proposals_at_once_end_in_one_mutual_pair(city, company):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL; CI runs it)")
    need, solution = NeedFactory(organization=city), SolutionFactory(organization=company)
    officer = MembershipFactory(organization=city, role=Membership.Role.ADMIN).user
    founder = MembershipFactory(organization=company, role=Membership.Role.ADMIN).user
    start, failures = threading.Barrier(20), []

    def send(index):
        try:
            start.wait(timeout=30)
            if index % 2:
                interest_invite(user=officer, need=need, solution=solution, message=f"초대 {index}")
            else:
                interest_propose(user=founder, need=need, solution=solution, message=f"제안 {index}")
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    interests = Interest.objects.filter(need=need, solution=solution)
    assert sorted(interests.values_list("kind", flat=True)) == ["invitation", "proposal"]
    assert all(interest.mutual_at is not None for interest in interests)
    assert Pairing.objects.filter(a_id=need.pk, b_id=solution.pk, state=Pairing.State.CONNECTED).count() == 1
