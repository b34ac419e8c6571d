"""The coordination loop: matches become pairings; coordinators introduce, reject or snooze; both
sides answer; connected pairs talk and record outcomes; every change is in the audit trail."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from marketplace.kinds import type_id
from marketplace.models import Membership, SolutionType
from matching.coordination import services as pipeline
from matching.coordination.models import Pairing, PairingEvent
from matching.coordination.selectors import review_queue
from matching.models import Match

from ..factories import MembershipFactory, NeedFactory, SolutionFactory, UserFactory

S = Pairing.State


def suggest(need, solution, score=0.8, reasons=(("type_match", {"code": "TRF-07", "inferred": False}),)):
    """A stored match above the threshold, turned into a pairing the way match_compute does."""
    row = Match(source_type_id=type_id("need"), source_id=need.pk, target_type_id=type_id("solution"), target_id=solution.pk, score=score,
                rank=1, excluded=False, breakdown={"reasons": [list(r) for r in reasons]}, engine_version="2",
                computed_at=timezone.now())
    pipeline.pairings_sync(kind="need", listing=need, rows=[row])
    return Pairing.objects.get(a_id=need.pk, b_id=solution.pk)


@pytest.fixture
def pair(db):
    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN).user
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN).user
    return {"need": need, "solution": solution, "officer": officer, "founder": founder,
            "pairing": suggest(need, solution)}


def introduce(pair, coordinator, note="두 기관 모두 주차 문제에 관심이 있습니다."):
    return pipeline.pairing_introduce(coordinator=coordinator, pairing=pair["pairing"], a_contact=pair["officer"],
                                      b_contact=pair["founder"], note=note)


def connect(pair, coordinator):
    introduce(pair, coordinator)
    pipeline.pairing_answer(user=pair["officer"], pairing=pair["pairing"], accept=True)
    return pipeline.pairing_answer(user=pair["founder"], pairing=pair["pairing"], accept=True)


def test_matches_above_the_threshold_become_suggested_pairings_once(pair):
    pairing = pair["pairing"]
    assert pairing.state == S.SUGGESTED and pairing.a_org == pair["need"].organization
    assert pairing.solution_type_id == "TRF-07" and pairing.sido == pair["need"].organization.municipality.code[:2]
    assert list(pairing.events.values_list("action", "to_state")) == [("suggest", "suggested")]
    again = suggest(pair["need"], pair["solution"], score=0.9)
    assert again.pk == pairing.pk and again.score == 0.9 and again.events.count() == 1
    weak = SolutionFactory()
    row = Match(source_type_id=type_id("need"), source_id=pair["need"].pk, target_type_id=type_id("solution"), target_id=weak.pk,
                score=0.2, rank=2, excluded=False, breakdown={}, engine_version="2", computed_at=timezone.now())
    assert pipeline.pairings_sync(kind="need", listing=pair["need"], rows=[row]) == 0


def test_match_compute_feeds_the_queue(db):
    from matching.services import match_compute
    from openlab import search
    from tests.search_fixtures import index_everything

    need = NeedFactory(title="전통시장 주차 공간 부족", problem="주차 공간이 부족해 빈 주차면 안내가 필요합니다.")
    need.types.set([SolutionType.objects.get(code="TRF-07")])
    solution = SolutionFactory(title="빈 주차면 안내", summary="전통시장 주차 공간 안내")
    index_everything(search.backend())
    match_compute(listing=need)
    assert Pairing.objects.filter(a_id=need.pk, b_id=solution.pk, state=S.SUGGESTED).exists()


def test_queue_filters_and_a_mutual_pair_leaves_it_connected(pair, coordinator):
    from marketplace import services

    other_need = NeedFactory()
    strong = suggest(other_need, SolutionFactory(), score=0.95)
    mutual = pair["pairing"]
    assert [p.pk for p in review_queue()] == [strong.pk, mutual.pk]  # by score
    assert [p.pk for p in review_queue(sort="age")] == [mutual.pk, strong.pk]
    services.interest_invite(user=pair["officer"], need=pair["need"], solution=pair["solution"], message="함께해요")
    services.interest_propose(user=pair["founder"], need=pair["need"], solution=pair["solution"], message="제안")
    assert [p.pk for p in review_queue()] == [strong.pk]  # both asked: connected, nothing left to review
    connected = list(review_queue(state="connected"))
    assert [p.pk for p in connected] == [mutual.pk] and connected[0].mutual
    assert [p.pk for p in review_queue(sido=other_need.organization.municipality.code[:2])][-1] == strong.pk
    assert list(review_queue(kind="partnership")) == []
    assert [p.pk for p in review_queue(min_score=0.9)] == [strong.pk]
    pipeline.pairing_snooze(coordinator=coordinator, pairing=strong, until=timezone.localdate() + timedelta(days=3))
    assert list(review_queue()) == []
    assert [p.pk for p in review_queue(include_snoozed=True)] == [strong.pk]


def test_queue_page_filters_and_paginates(client, coordinator, pair):
    for _ in range(26):
        suggest(NeedFactory(), SolutionFactory(), score=0.7)
    client.force_login(coordinator)
    first = client.get(reverse("coordination:match_queue"))
    assert first.status_code == 200 and first.context["page"].paginator.count == 27
    assert len(first.context["rows"]) == 25 and first.context["rows"][0][0].score == 0.8
    second = client.get(reverse("coordination:match_queue"), {"page": 2, "sort": "score"})
    assert len(second.context["rows"]) == 2
    filtered = client.get(reverse("coordination:match_queue"), {"min_score": "75"})  # of 100, as shown
    assert [p.pk for p, _r in filtered.context["rows"]] == [pair["pairing"].pk]
    assert ">80<" in filtered.content.decode() and "0.80" not in filtered.content.decode()
    assert client.get(reverse("coordination:match_queue"), {"min_score": "0.75"}).status_code == 400
    assert client.get(reverse("coordination:match_queue"), {"min_score": "170"}).status_code == 400


def test_only_coordinators_review(client, pair, coordinator):
    for user in (pair["officer"], pair["founder"]):
        with pytest.raises(PermissionDenied):
            pipeline.pairing_introduce(coordinator=user, pairing=pair["pairing"], a_contact=pair["officer"],
                                       b_contact=pair["founder"])
        with pytest.raises(PermissionDenied):
            pipeline.pairing_reject(coordinator=user, pairing=pair["pairing"], reason="budget")
        client.force_login(user)
        assert client.get(reverse("coordination:match_queue")).status_code == 403
        assert client.post(reverse("coordination:pairing_introduce", args=[pair["pairing"].pk]), {}).status_code == 403
        # Organisations do not see suggestions that are still the coordinators' to review.
        assert client.get(reverse("coordination:pairing_detail", args=[pair["pairing"].pk])).status_code == 404


def test_introduction_reaches_both_sides_with_the_reason_and_the_other_contact(pair, coordinator, mailoutbox,
                                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pairing = introduce(pair, coordinator)
    assert pairing.state == S.INTRODUCED and pairing.introduced_by == coordinator
    to = {tuple(m.to): m for m in mailoutbox}
    officer_mail = to[(pair["officer"].email,)]
    assert pair["founder"].email in officer_mail.body and "유형 일치" in officer_mail.body
    assert pair["officer"].email in to[(pair["founder"].email,)].body
    assert pair["officer"].notifications.filter(kind="introduction").count() == 1


def test_a_second_introduction_is_refused_with_a_clear_message(pair, coordinator):
    introduce(pair, coordinator)
    other = UserFactory(display_name="박코디")
    other.groups.add(*coordinator.groups.all())
    with pytest.raises(ValidationError) as raised:
        pipeline.pairing_introduce(coordinator=other, pairing=pair["pairing"], a_contact=pair["officer"],
                                   b_contact=pair["founder"])
    assert coordinator.display_name in str(raised.value)  # says who introduced it, and when
    assert pair["pairing"].events.filter(action="introduce").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_introducing_at_once_introduce_once():
    """Two transactions on two connections (PostgreSQL row locks): one wins, the other is told."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL; CI runs it)")
    import threading

    from django.db import connections

    from ..factories import CoordinatorFactory

    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization).user
    founder = MembershipFactory(organization=solution.organization).user
    pairing = suggest(need, solution)
    coordinators = [CoordinatorFactory(), CoordinatorFactory()]
    barrier, results = threading.Barrier(2), []

    def run(coordinator):
        try:
            barrier.wait()
            pipeline.pairing_introduce(coordinator=coordinator, pairing=pairing, a_contact=officer,
                                       b_contact=founder)
            results.append("introduced")
        except ValidationError as exc:
            results.append(" ".join(exc.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in coordinators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pairing.refresh_from_db()
    refused = [r for r in results if r != "introduced"]
    assert results.count("introduced") == 1 and pairing.introduced_by.display_name in refused[0]
    assert PairingEvent.objects.filter(pairing=pairing, action="introduce").count() == 1


def test_contacts_must_belong_to_their_side(pair, coordinator):
    with pytest.raises(ValidationError) as raised:
        pipeline.pairing_introduce(coordinator=coordinator, pairing=pair["pairing"], a_contact=pair["founder"],
                                   b_contact=pair["founder"])
    assert "a_contact" in raised.value.message_dict


def test_both_accepting_connects_and_illegal_moves_are_refused(pair, coordinator):
    with pytest.raises(ValidationError):
        pipeline.pairing_answer(user=pair["officer"], pairing=pair["pairing"], accept=True)  # not introduced
    introduce(pair, coordinator)
    with pytest.raises(ValidationError):
        pipeline.pairing_outcome(user=pair["officer"], pairing=pair["pairing"], outcome=S.MEETING_HELD)
    assert pipeline.pairing_answer(user=pair["officer"], pairing=pair["pairing"], accept=True).state == S.ACCEPTED
    with pytest.raises(ValidationError):
        pipeline.pairing_answer(user=pair["officer"], pairing=pair["pairing"], accept=True)  # answered already
    with pytest.raises(PermissionDenied):
        pipeline.pairing_answer(user=UserFactory(), pairing=pair["pairing"], accept=True)
    pairing = pipeline.pairing_answer(user=pair["founder"], pairing=pair["pairing"], accept=True)
    assert pairing.state == S.CONNECTED and pairing.connected_at
    assert pipeline.pairing_outcome(user=pair["founder"], pairing=pairing, outcome=S.PILOT_AGREED).state == S.PILOT_AGREED
    with pytest.raises(ValidationError):
        pipeline.pairing_outcome(user=pair["founder"], pairing=pairing, outcome=S.MEETING_HELD)  # backwards


def test_a_decline_needs_a_reason_and_ends_the_introduction(pair, coordinator):
    introduce(pair, coordinator)
    with pytest.raises(ValidationError) as raised:
        pipeline.pairing_answer(user=pair["founder"], pairing=pair["pairing"], accept=False)
    assert "reason" in raised.value.message_dict
    pairing = pipeline.pairing_answer(user=pair["founder"], pairing=pair["pairing"], accept=False, reason="budget")
    assert pairing.state == S.DECLINED and pairing.b_answer == "declined"
    with pytest.raises(ValidationError):
        pipeline.pairing_answer(user=pair["officer"], pairing=pairing, accept=True)


def test_the_audit_trail_holds_every_change_in_order(pair, coordinator):
    connect(pair, coordinator)
    pipeline.pairing_outcome(user=pair["officer"], pairing=pair["pairing"], outcome=S.MEETING_HELD, note="1차 회의")
    pipeline.pairing_outcome(user=pair["founder"], pairing=pair["pairing"], outcome=S.CONTRACT_SIGNED)
    events = list(pair["pairing"].events.values_list("from_state", "to_state", "actor"))
    assert events == [("", "suggested", None), ("suggested", "introduced", coordinator.pk),
                      ("introduced", "accepted", pair["officer"].pk), ("accepted", "connected", pair["founder"].pk),
                      ("connected", "meeting_held", pair["officer"].pk),
                      ("meeting_held", "contract_signed", pair["founder"].pk)]
    with pytest.raises(Exception):
        pair["pairing"].events.first().delete()  # protected: the trail is never deleted with its pairing
        Pairing.objects.filter(pk=pair["pairing"].pk).delete()


def test_the_match_page_shows_the_trail_and_each_side_its_actions(client, pair, coordinator):
    introduce(pair, coordinator)
    client.force_login(pair["officer"])
    page = client.get(reverse("coordination:pairing_detail", args=[pair["pairing"].pk]))
    assert page.status_code == 200 and "answer_form" in page.context and "introduce_form" not in page.context
    assert len(page.context["events"]) == 2 and pair["founder"].email in page.content.decode()
    response = client.post(reverse("coordination:pairing_answer", args=[pair["pairing"].pk]), {"answer": "decline"})
    assert response.status_code == 400 and response.context["answer_form"].errors["reason"]
    client.post(reverse("coordination:pairing_answer", args=[pair["pairing"].pk]), {"answer": "accept"})
    client.force_login(pair["founder"])
    client.post(reverse("coordination:pairing_answer", args=[pair["pairing"].pk]), {"answer": "accept"})
    pair["pairing"].refresh_from_db()
    assert pair["pairing"].state == S.CONNECTED


def test_the_thread_is_for_the_two_organisations_and_coordinators(client, pair, coordinator, outsider):
    pairing = connect(pair, coordinator)
    client.force_login(pair["founder"])
    client.post(reverse("coordination:pairing_message", args=[pairing.pk]), {"body": "다음 주 화요일에 뵐까요?\n자료를 보내드립니다."})
    message = pairing.messages.get()
    assert message.organization == pair["solution"].organization and "\n" in message.body
    assert pair["officer"].notifications.filter(kind="message").exists()
    client.force_login(outsider)
    assert client.get(reverse("coordination:pairing_detail", args=[pairing.pk])).status_code == 404
    assert client.post(reverse("coordination:pairing_message", args=[pairing.pk]), {"body": "hi"}).status_code == 404
    assert client.get(f"/api/v1/matches/{pairing.pk}/messages/").status_code == 404
    client.force_login(coordinator)
    assert "다음 주 화요일" in client.get(reverse("coordination:pairing_detail", args=[pairing.pk])).content.decode()


def test_messages_wait_for_both_sides_and_escape_markup(client, pair, coordinator):
    introduce(pair, coordinator)
    with pytest.raises(ValidationError):
        pipeline.message_post(user=pair["officer"], pairing=pair["pairing"], body="너무 이른 메시지")
    connect_rest = pipeline.pairing_answer(user=pair["officer"], pairing=pair["pairing"], accept=True)
    pipeline.pairing_answer(user=pair["founder"], pairing=connect_rest, accept=True)
    pipeline.message_post(user=pair["officer"], pairing=pair["pairing"], body="<script>alert(1)</script>")
    client.force_login(pair["founder"])
    html = client.get(reverse("coordination:pairing_detail", args=[pair["pairing"].pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_message_attachments_follow_the_listing_rules(client, pair, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pairing = connect(pair, coordinator)
    client.force_login(pair["officer"])
    fake = SimpleUploadedFile("plan.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(reverse("coordination:pairing_message", args=[pairing.pk]), {"body": "첨부", "file": fake})
    assert response.status_code == 400 and not pairing.messages.exists()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                             content_type="application/pdf")
    assert client.post(reverse("coordination:pairing_message", args=[pairing.pk]), {"body": "첨부", "file": pdf}).status_code == 302
    from marketplace.models import Attachment

    attachment = Attachment.objects.get(object_id=pairing.messages.get().pk)
    assert client.get(reverse("marketplace:attachment_download", args=[attachment.pk])).status_code == 200
    client.force_login(MembershipFactory().user)
    assert client.get(reverse("marketplace:attachment_download", args=[attachment.pk])).status_code == 404


def test_reminders_after_3_and_7_days_and_expiry_after_14(pair, coordinator):
    import time_machine

    pairing = introduce(pair, coordinator)
    start = pairing.introduced_at

    def on_day(days, hours=1):
        return time_machine.travel(start + timedelta(days=days, hours=hours), tick=False)

    with on_day(2):
        assert pipeline.remind_and_expire() == {"reminded": 0, "expired": 0}
    with on_day(3):
        assert pipeline.remind_and_expire()["reminded"] == 1
    with on_day(4):
        assert pipeline.remind_and_expire()["reminded"] == 0  # once per step
        assert pair["officer"].notifications.filter(kind="reminder").count() == 1
        pipeline.pairing_answer(user=pair["officer"], pairing=pairing, accept=True)
    with on_day(7):
        assert pipeline.remind_and_expire()["reminded"] == 1
    assert pair["officer"].notifications.filter(kind="reminder").count() == 1  # answered: not reminded again
    assert pair["founder"].notifications.filter(kind="reminder").count() == 2
    with on_day(14):
        from matching.coordination.tasks import remind_introductions

        assert remind_introductions.delay().get() == {"reminded": 0, "expired": 1}
    pairing.refresh_from_db()
    assert pairing.state == S.EXPIRED
    assert list(pairing.events.values_list("action", flat=True)) == [
        "suggest", "introduce", "remind", "accept", "remind", "expire"]


def test_bulk_actions_on_the_queue(client, coordinator, pair):
    lonely = suggest(NeedFactory(), SolutionFactory(), score=0.7)  # nobody to introduce on either side
    third = suggest(NeedFactory(), SolutionFactory(), score=0.6)
    client.force_login(coordinator)
    url = reverse("coordination:match_queue_bulk")
    assert client.post(url, {"action": "reject", "ids": [third.pk], "confirm": "1"}).status_code == 302
    third.refresh_from_db()
    assert third.state == S.SUGGESTED  # a rejection needs its reason
    ask = client.post(url, {"action": "introduce", "ids": [pair["pairing"].pk, lonely.pk]})  # asks first
    assert ask.status_code == 200 and str(lonely) in ask.content.decode()
    pair["pairing"].refresh_from_db()
    assert pair["pairing"].state == S.SUGGESTED
    response = client.post(url, {"action": "introduce", "ids": [pair["pairing"].pk, lonely.pk], "confirm": "1"},
                           follow=True)
    messages = [str(m) for m in response.context["messages"]]
    pair["pairing"].refresh_from_db()
    lonely.refresh_from_db()
    assert pair["pairing"].state == S.INTRODUCED and pair["pairing"].a_contact == pair["officer"]
    assert lonely.state == S.SUGGESTED and any(str(lonely) in m for m in messages)
    client.post(url, {"action": "snooze", "ids": [lonely.pk, third.pk], "confirm": "1",
                      "until": (timezone.localdate() + timedelta(days=7)).isoformat()})
    assert set(Pairing.objects.filter(snoozed_until__isnull=False).values_list("pk", flat=True)) == {lonely.pk, third.pk}
    client.post(url, {"action": "reject", "reason": "region", "ids": [third.pk], "confirm": "1"})
    third.refresh_from_db()
    assert third.state == S.REJECTED and third.decline_reason == "region"
    client.force_login(pair["officer"])
    assert client.post(url, {"action": "shortlist", "ids": [lonely.pk], "confirm": "1"}).status_code == 403


def test_new_strong_matches_are_notified_once(db):
    from matching.services import match_compute
    from openlab import search
    from tests.search_fixtures import index_everything

    need = NeedFactory(title="전통시장 주차 공간 부족", problem="주차 공간이 부족해 빈 주차면 안내가 필요합니다.")
    need.types.set([SolutionType.objects.get(code="TRF-07")])
    officer = MembershipFactory(organization=need.organization).user
    SolutionFactory(title="빈 주차면 안내", summary="전통시장 주차 공간 안내")
    index_everything(search.backend())
    rows = match_compute(listing=need)
    assert rows[0].score >= 0.7
    assert officer.notifications.filter(kind="strong_matches").count() == 1
    match_compute(listing=need)
    assert officer.notifications.filter(kind="strong_matches").count() == 1


def test_the_workspace_lists_open_introductions(client, pair, coordinator):
    client.force_login(pair["founder"])
    assert 'id="ws-introductions"' not in client.get(reverse("marketplace:workspace")).content.decode()
    introduce(pair, coordinator)
    html = client.get(reverse("marketplace:workspace")).content.decode()
    assert reverse("coordination:pairing_detail", args=[pair["pairing"].pk]) in html


def test_an_accepted_response_to_a_partnership_request_makes_its_pair_mutual(db):
    from marketplace import services

    from ..factories import PartnershipFactory

    request = PartnershipFactory()
    owner = MembershipFactory(organization=request.organization, role=Membership.Role.ADMIN).user
    solution = SolutionFactory()
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN).user
    row = Match(source_type_id=type_id("partnership"), source_id=request.pk, target_type_id=type_id("solution"), target_id=solution.pk,
                score=0.8, rank=1, excluded=False, breakdown={}, engine_version="2", computed_at=timezone.now())
    pipeline.pairings_sync(kind="partnership", listing=request, rows=[row])
    assert [p.mutual for p in review_queue()] == [False]
    interest = services.interest_respond(user=founder, organization=solution.organization, partnership=request,
                                         message="함께하고 싶습니다", solution=solution)
    services.interest_accept(user=owner, interest=interest)
    assert list(review_queue()) == []  # connected now, out of the queue
    assert [(p.mutual, p.state) for p in review_queue(state="connected")] == [(True, "connected")]


def _rows(need, solutions, score):
    return [Match(source_type_id=type_id("need"), source_id=need.pk, target_type_id=type_id("solution"), target_id=s.pk, score=score,
                  rank=n, excluded=False, breakdown={}, engine_version="2", computed_at=timezone.now())
            for n, s in enumerate(solutions, 1)]


@pytest.mark.parametrize("size", [2, 8])
def test_refreshing_known_pairs_costs_the_same_queries_for_few_or_many(db, size, django_assert_max_num_queries):
    need = NeedFactory()
    solutions = SolutionFactory.create_batch(size)
    assert pipeline.pairings_sync(kind="need", listing=need, rows=_rows(need, solutions, 0.8)) == size
    with django_assert_max_num_queries(4):  # targets, known pairs, one bulk UPDATE (and its transaction)
        assert pipeline.pairings_sync(kind="need", listing=need, rows=_rows(need, solutions, 0.9)) == 0
    assert set(Pairing.objects.filter(a_id=need.pk).values_list("score", flat=True)) == {0.9}
    assert PairingEvent.objects.filter(pairing__a_id=need.pk).count() == size  # one "suggest" each, no more


def test_notes_and_messages_over_their_caps_are_refused_whole(client, pair, coordinator):
    """A note or message longer than its cap is a field error, never silently cut, and nothing is
    written; at the cap it is kept whole."""
    with pytest.raises(ValidationError) as exc:
        introduce(pair, coordinator, note="가" * 3001)
    assert "note" in exc.value.message_dict
    assert Pairing.objects.get(pk=pair["pairing"].pk).state == S.SUGGESTED
    connect(pair, coordinator)
    with pytest.raises(ValidationError) as exc:
        pipeline.message_post(user=pair["officer"], pairing=pair["pairing"], body="나" * 3001)
    assert "body" in exc.value.message_dict and not pair["pairing"].messages.exists()
    with pytest.raises(ValidationError):
        pipeline.pairing_outcome(user=pair["officer"], pairing=pair["pairing"], outcome=S.MEETING_HELD,
                                 note="다" * 1001)
    assert Pairing.objects.get(pk=pair["pairing"].pk).state == S.CONNECTED
    pipeline.message_post(user=pair["officer"], pairing=pair["pairing"], body="나" * 3000)
    assert len(pair["pairing"].messages.get().body) == 3000
    client.force_login(pair["founder"])
    response = client.post(f"/api/v1/matches/{pair['pairing'].pk}/messages/", {"body": "라" * 3001},
                           content_type="application/json")
    assert response.status_code == 400 and "body" in response.json()
    assert pair["pairing"].messages.count() == 1


def test_the_history_names_each_step_and_bulk_actions_have_no_default(client, pair, coordinator):
    introduce(pair, coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("coordination:pairing_detail", args=[pair["pairing"].pk])).content.decode()
    trail = page[page.index('id="audit-trail"'):]
    assert "소개함" in trail or "연결 제안됨" in trail
    assert "<td>introduce</td>" not in trail and "<td>suggest</td>" not in trail  # no raw codes
    suggest(NeedFactory(), SolutionFactory())  # something in the queue, so that its bulk form shows
    queue = client.get(reverse("coordination:match_queue")).content.decode()
    action = re.search(r'<select name="action"[^>]*>\s*<option value="([^"]*)"[^>]*selected', queue)
    assert action is None or action.group(1) == ""  # nothing is preselected
    url = reverse("coordination:match_queue_bulk")
    client.post(url, {"ids": [pair["pairing"].pk]})  # no action chosen: nothing happens
    assert Pairing.objects.get(pk=pair["pairing"].pk).state == S.INTRODUCED
    reject = client.get(reverse("coordination:match_queue")).content.decode()
    assert "사유 선택" in reject and ">전체<" not in reject[reject.index('name="reason"'):][:400]


def test_the_korean_words_are_the_right_ones(client, pair):
    from openlab.notifications.models import Notification

    Notification.objects.create(user=pair["officer"], kind="message", subject="새 메시지", key="k")
    client.force_login(pair["officer"])
    html = client.get(reverse("notifications:notification_list")).content.decode()
    assert "새 알림" in html and "새로 만들기" not in html
