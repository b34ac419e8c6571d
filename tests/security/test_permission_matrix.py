"""The permission matrix, built from the URL configuration: every page and API route, fetched (GET)
by every role, with the status each must get written down below. A route without an entry fails the
test, so a new route cannot ship without deciding who may see it. Objects in the URLs belong to a
third organisation (drafts, a pending organisation, its pairing and its notification): they are a
404 for other organisations."""

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from marketplace.models import Interest, Membership, Organization, Question, SavedSearch
from matching.coordination.models import Meeting
from openlab.notifications.models import Notification

from ..factories import (
    CoordinatorFactory,
    MembershipFactory,
    MunicipalityOrganizationFactory,
    NeedFactory,
    OrganizationFactory,
    PartnershipFactory,
    SolutionFactory,
)

ROLES = ("anonymous", "municipality", "company", "coordinator")
LOGIN = 302  # pages redirect anonymous visitors to the sign-in page
# name: statuses for (anonymous, municipality member, company member, coordinator); a single value for all.
EXPECTED = {
    "healthz": 200, "set_language": 302, "home": 200, "api_schema": 200, "api_docs": 200, "api-root": 200,
    "profile": (LOGIN, 200, 200, 200), "api_tokens": (LOGIN, 200, 200, 200),
    "personal_data": (LOGIN, 200, 200, 200), "account_delete": (LOGIN, 200, 200, 200),
    "municipality-list": 200, "municipality-detail": 200, "taxonomy-list": 200, "taxonomy-detail": 200,
    "organization-list": 200, "organization-detail": (404, 404, 404, 200),
    "solution-list": 200, "need-list": 200, "partnership-list": 200,
    "solution-detail": (404, 404, 404, 200), "need-detail": (404, 404, 404, 200),
    "partnership-detail": (404, 404, 404, 200),
    "solution-matches": (404, 404, 404, 200), "need-matches": (404, 404, 404, 200),
    "partnership-matches": (404, 404, 404, 200),
    "solution-archive": 405, "need-archive": 405,
    "partnership-archive": 405, "solution-publish": 405,
    "need-publish": 405, "partnership-publish": 405,
    "solution-status": 405, "need-status": 405,
    "partnership-status": 405,
    "interest-list": (401, 200, 200, 200), "interest-detail": (401, 404, 404, 200),
    "interest-accept": (401, 405, 405, 405), "interest-decline": (401, 405, 405, 405),
    "interest-withdraw": (401, 405, 405, 405),
    "match-list": (401, 200, 200, 200), "match-detail": (401, 404, 404, 200),
    "match-events": (401, 404, 404, 200), "match-messages": (401, 404, 404, 200),
    "match-accept": (401, 405, 405, 405), "match-decline": (401, 405, 405, 405),
    "match-introduce": (401, 405, 405, 405), "match-outcome": (401, 405, 405, 405),
    "match-reject": (401, 405, 405, 405), "match-snooze": (401, 405, 405, 405),
    "notification-list": (401, 200, 200, 200), "notification-detail": (401, 404, 404, 404),
    "notification-read": (401, 405, 405, 405), "stats-list": 200,
    "notification_list": (LOGIN, 200, 200, 200), "notification_read": 405,
    "notification_settings": (LOGIN, 200, 200, 200),
    "coordinator_home": (LOGIN, 403, 403, 200), "dashboard_csv": (LOGIN, 403, 403, 200),
    "match_queue": (LOGIN, 403, 403, 200), "match_queue_bulk": 405,
    "coordinator_organizations": (LOGIN, 403, 403, 200), "audit_log": (LOGIN, 403, 403, 200), "coordinator_verify": 405,
    "coordinator_reject": (LOGIN, 403, 403, 200),
    "pairing_detail": (LOGIN, 404, 404, 200), "pairing_introduce": 405, "pairing_shortlist": 405,
    "pairing_reject": 405, "pairing_snooze": 405, "pairing_answer": 405, "pairing_outcome": 405,
    "pairing_message": 405, "pairing_detail_old": 301,
    "public_stats": 200, "public_csv": 200,
    "organization_create": (LOGIN, 200, 200, 200), "organization_switch": 405,
    "organization_detail": (404, 404, 404, 200), "organization_edit": (LOGIN, 404, 404, 404),
    "organization_members": (LOGIN, 404, 404, 404), "invitation_accept": 400,
    "workspace": (LOGIN, 200, 200, 302), "need_type_suggestions": (LOGIN, 200, 200, 200),
    "attachment_download": 404, "attachment_delete": 405,
    "interest_detail": (LOGIN, 404, 404, 200), "interest_action": 405, "interest_opened": 405,
    "interest-opened": (401, 405, 405, 405),
    "solution_list": 200, "need_list": 200, "partnership_list": 200,
    "solution_create": (LOGIN, 403, 200, 403), "need_create": (LOGIN, 200, 403, 403),
    "partnership_create": (LOGIN, 403, 200, 403),
    "solution_detail": (404, 404, 404, 200), "need_detail": (404, 404, 404, 200),
    "partnership_detail": (404, 404, 404, 200),
    "solution_edit": (LOGIN, 404, 404, 403), "need_edit": (LOGIN, 404, 404, 403),
    "partnership_edit": (LOGIN, 404, 404, 403),
    "solution_status": 405, "need_status": 405, "partnership_status": 405,
    "solution_attach": 405, "need_attach": 405, "partnership_attach": 405,
    "solution_interest": 405, "need_interest": 405, "partnership_interest": 405,
    "need-questions": (404, 404, 404, 200), "question_ask": 405, "question_answer": 405,
    "question_publish": 405, "question_hide": 405, "need_types": 405, "partnership_types": 405,
    "saved-search-list": (401, 200, 200, 200), "saved-search-detail": (401, 404, 404, 404),
    "saved_search_list": (LOGIN, 200, 200, 200), "saved_search_update": 405, "saved_search_delete": 405,
    "saved_search_unsubscribe": 404,
    "match-meetings": (401, 404, 404, 200), "meeting-detail": (401, 404, 404, 200),
    "meeting-confirm": (401, 405, 405, 405), "meeting-decline": (401, 405, 405, 405),
    "meeting_propose": 405, "meeting_confirm": 405, "meeting_decline": 405, "meeting_held": 405,
    "meeting_calendar": (LOGIN, 404, 404, 200),
}
SKIPPED_PREFIXES = ("admin/", "accounts/")  # Django's admin (superusers only) and allauth's own pages


def routes():
    """(name, route) of every named route, without DRF's format-suffix twins."""
    found = {}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if "format" in route or (route.startswith(SKIPPED_PREFIXES) and pattern.name not in EXPECTED):
                    continue
                found.setdefault(pattern.name, route)

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def world(db):
    """A municipality and a company with one member each, a coordinator, and a third organisation's
    private things that the URLs point at."""
    city = MunicipalityOrganizationFactory()
    company = OrganizationFactory()
    third = OrganizationFactory(status=Organization.Status.PENDING, name="제3기관")
    third_city = NeedFactory().organization
    people = {"municipality": MembershipFactory(organization=city, role=Membership.Role.ADMIN).user,
              "company": MembershipFactory(organization=company, role=Membership.Role.ADMIN).user,
              "coordinator": CoordinatorFactory()}
    outsider = MembershipFactory(organization=third, role=Membership.Role.ADMIN).user
    solution = SolutionFactory(organization=third, status="draft")
    need = NeedFactory(organization=third_city, status="draft")
    partnership = PartnershipFactory(organization=third, status="draft")
    published = SolutionFactory()
    interest = Interest.objects.create(kind="proposal", sender=published.organization, recipient=third_city,
                                       need=NeedFactory(organization=third_city), solution=published, message="x")
    from tests.coordination.test_pipeline import suggest

    pairing = suggest(NeedFactory(organization=third_city), published)
    notification = Notification.objects.create(user=outsider, kind="message", subject="s", key="k")
    # The third organisation's question, saved search and meeting (made directly: the world, not a journey).
    question = Question.objects.create(need=need, organization=third, asked_by=outsider, text="제3기관의 질문입니다")
    saved = SavedSearch.objects.create(user=outsider, kind="needs", query="q=x", name="제3기관 검색")
    soon = timezone.now() + timedelta(days=2)
    meeting = Meeting.objects.create(pairing=pairing, proposed_side="a", slots=[soon.isoformat()], mode="online",
                                     place="https://m.kr/x", state=Meeting.State.CONFIRMED, starts_at=soon)
    ids = {"solution": solution.pk, "need": need.pk, "partnership": partnership.pk, "interest": interest.pk,
           "match": pairing.pk, "pairing": pairing.pk, "notification": notification.pk, "organization": third.pk,
           "question": question.pk, "saved": saved.pk, "meeting": meeting.pk}
    return people, ids


def fill(name: str, route: str, ids: dict) -> str:
    """The route with its parameters filled in (regex routes of the API and path routes alike)."""
    kind = name.split("-")[0].split("_")[0]
    values = {"pk": str(ids.get(kind, ids.get("organization"))), "code": "TRF", "token": "not-a-token",
              "name": "sido" if name == "dashboard_csv" else "fields"}
    if name in ("municipality-detail",):
        values["pk"] = "48220"
    if name.startswith("pairing_") or name == "meeting_propose":
        values["pk"] = str(ids["pairing"])
    if name in ("coordinator_verify", "coordinator_reject"):
        values["pk"] = str(ids["organization"])
    if name == "question_ask":  # a question is asked on a need
        values["pk"] = str(ids["need"])
    if name.startswith("attachment_"):
        values["pk"] = "999999"
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path)
    return "/" + path.replace("^", "").replace("$", "")


def test_every_route_has_an_entry():
    missing = sorted(set(routes()) - set(EXPECTED))
    assert missing == [], f"add these routes to the permission matrix: {missing}"


def test_every_role_gets_the_status_written_down(client, world):
    people, ids = world
    problems = []
    for name, route in sorted(routes().items()):
        expected = EXPECTED[name]
        expected = expected if isinstance(expected, tuple) else (expected,) * len(ROLES)
        url = fill(name, route, ids)
        for role, status in zip(ROLES, expected):
            client.logout()
            if role != "anonymous":
                client.force_login(people[role])
            got = client.get(url).status_code
            if got != status:
                problems.append(f"{name} {url} as {role}: expected {status}, got {got}")
    assert problems == [], "\n".join(problems)
