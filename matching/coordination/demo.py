"""The demo's coordination: what ``seed_demo`` adds once the catalogue's matches are computed."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from marketplace.models import Membership

from . import meetings, services
from .models import Pairing


@transaction.atomic
def seed_coordination() -> None:
    """A week of coordination to look at: the best pairs whose both sides have demo users are
    connected (with a message and a meeting), introduced, and shortlisted. Done once."""
    coordinator = get_user_model().objects.filter(email="coordinator@openlab.demo.openlab.kr").first()
    if coordinator is None or Pairing.objects.filter(introduced_at__isnull=False).exists():  # done once
        return
    staffed = set(Membership.objects.values_list("organization_id", flat=True))
    pairs = [p for p in Pairing.objects.filter(state=Pairing.State.SUGGESTED, kind=Pairing.Kind.NEED_SOLUTION)
             .order_by("-score", "pk") if p.a_org_id in staffed and p.b_org_id in staffed]

    def contact(organization):
        return organization.memberships.select_related("user").order_by("role", "pk").first().user

    for step, pairing in enumerate(pairs[:3]):
        if step == 2:
            services.pairing_shortlist(coordinator=coordinator, pairing=pairing, note="다음 주 소개 예정")
            continue
        a, b = contact(pairing.a_org), contact(pairing.b_org)
        services.pairing_introduce(coordinator=coordinator, pairing=pairing, a_contact=a, b_contact=b,
                                   note="양측 모두 같은 문제를 다루고 있어 소개드립니다.")
        if step == 0:
            services.pairing_answer(user=a, pairing=pairing, accept=True)
            services.pairing_answer(user=b, pairing=pairing, accept=True)
            services.message_post(user=b, pairing=pairing, body="소개 감사합니다. 다음 주 현장 방문이 가능할까요?")
            services.message_post(user=a, pairing=pairing, body="네, 화요일 오후 2시에 시청에서 뵙겠습니다.")
            services.pairing_outcome(user=a, pairing=pairing, outcome=Pairing.State.MEETING_HELD, note="현장 방문")
            # The next meeting: proposed by the company, confirmed by the municipality (calendar file).
            soon = timezone.localtime() + timedelta(days=5)
            times = [soon.replace(hour=10, minute=0, second=0, microsecond=0),
                     soon.replace(hour=15, minute=0, second=0, microsecond=0)]
            meeting = meetings.meeting_propose(user=b, pairing=pairing, slots=times, mode="online",
                                               place="https://meet.openlab.example.kr/demo-pilot")
            meetings.meeting_confirm(user=a, meeting=meeting, slot=1)
            meetings.meeting_propose(user=a, pairing=pairing, slots=[times[0] + timedelta(days=14)],
                                     mode="offline", place="시청 3층 스마트도시과 회의실")
