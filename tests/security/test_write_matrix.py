"""The permission matrix for writes: every route from the URL configuration, sent an empty POST by
every role, with the status each must get written down below. Anonymous visitors are sent to sign in
(pages) or get 401 (API); other organisations' objects are a 404, before any body is read; read-only
pages answer 405; a role that may write gets its form back with errors (200) or a 400 naming the
fields. Each attempt is rolled back, so every one meets the same world. A route without an entry
fails the test."""

from django.db import transaction

from .test_permission_matrix import ROLES, fill, routes, world  # noqa: F401 - world is a fixture

LOGIN = 302  # pages send anonymous visitors to sign in
DONE = 302  # a coordinator's action that needs no body (verify, shortlist) or a no-JS form's message
# name: statuses for (anonymous, municipality member, company member, coordinator); a single value for all.
WRITE_EXPECTED = {
    "account_delete": (LOGIN, 400, 400, 400), "api-root": (401, 405, 405, 405), "api_docs": 405,
    "api_schema": 405, "api_tokens": (LOGIN, 400, 400, 400), "attachment_delete": (LOGIN, 404, 404, 404),
    "attachment_download": 404, "audit_log": (LOGIN, 403, 403, 405),
    "coordinator_home": (LOGIN, 403, 403, 405), "coordinator_organizations": (LOGIN, 403, 403, 405),
    "coordinator_reject": (LOGIN, 403, 403, 200), "coordinator_verify": (LOGIN, 403, 403, DONE),
    "dashboard_csv": (LOGIN, 403, 403, 405), "healthz": 405, "home": 405,
    "interest-accept": (401, 404, 404, 403), "interest-decline": (401, 404, 404, 400),
    "interest-detail": (401, 405, 405, 405), "interest-list": (401, 400, 400, 400),
    "interest-withdraw": (401, 404, 404, 403), "interest_action": (LOGIN, 404, 404, DONE),
    "interest_opened": (LOGIN, 404, 404, DONE), "interest-opened": (401, 404, 404, 200),
    "interest_detail": (LOGIN, 405, 405, 405), "invitation_accept": (LOGIN, 400, 400, 400),
    "match-accept": (401, 404, 404, 403), "match-decline": (401, 404, 404, 400),
    "match-detail": (401, 405, 405, 405), "match-events": (401, 405, 405, 405),
    "match-introduce": (401, 404, 404, 400), "match-list": (401, 405, 405, 405),
    "match-messages": (401, 404, 404, 400), "match-outcome": (401, 404, 404, 400),
    "match-reject": (401, 404, 404, 400), "match-snooze": (401, 404, 404, 400),
    "match_queue": (LOGIN, 403, 403, 405), "match_queue_bulk": (LOGIN, 403, 403, DONE),
    "municipality-detail": (401, 405, 405, 405), "municipality-list": (401, 405, 405, 405),
    "need-archive": (401, 404, 404, 403), "need-detail": (401, 405, 405, 405),
    "need-list": (401, 400, 400, 400), "need-matches": (401, 405, 405, 405),
    "need-publish": (401, 404, 404, 403), "need-status": (401, 404, 404, 400),
    "need_attach": (LOGIN, 404, 404, 403), "need_create": (LOGIN, 200, 403, 403), "need_detail": 405,
    "need_edit": (LOGIN, 404, 404, 403), "need_interest": (LOGIN, 404, 404, 403), "need_list": 405,
    "need_status": (LOGIN, 404, 404, 403), "need_type_suggestions": (LOGIN, 200, 200, 200),
    "notification-detail": (401, 405, 405, 405), "notification-list": (401, 405, 405, 405),
    "notification-read": (401, 200, 200, 200), "notification_list": (LOGIN, 405, 405, 405),
    "notification_read": 302, "notification_settings": (LOGIN, 200, 200, 200),
    "organization-detail": (401, 405, 405, 405), "organization-list": (401, 405, 405, 405),
    "organization_create": (LOGIN, 200, 200, 200), "organization_detail": 405,
    "organization_edit": (LOGIN, 404, 404, 404), "organization_members": (LOGIN, 404, 404, 404),
    "organization_switch": (LOGIN, 404, 404, 404), "pairing_answer": (LOGIN, 404, 404, 400),
    "pairing_detail": (LOGIN, 404, 404, 200), "pairing_introduce": (LOGIN, 403, 403, 400),
    "pairing_message": (LOGIN, 404, 404, 400), "pairing_outcome": (LOGIN, 404, 404, 400), "pairing_detail_old": 301,
    "pairing_reject": (LOGIN, 403, 403, 400), "pairing_shortlist": (LOGIN, 403, 403, DONE),
    "pairing_snooze": (LOGIN, 403, 403, 400), "partnership-archive": (401, 404, 404, 403),
    "partnership-detail": (401, 405, 405, 405), "partnership-list": (401, 400, 400, 400),
    "partnership-matches": (401, 405, 405, 405), "partnership-publish": (401, 404, 404, 403),
    "partnership-status": (401, 404, 404, 400), "partnership_attach": (LOGIN, 404, 404, 403),
    "partnership_create": (LOGIN, 403, 200, 403), "partnership_detail": 405,
    "partnership_edit": (LOGIN, 404, 404, 403), "partnership_interest": (LOGIN, 404, 404, 403),
    "partnership_list": 405, "partnership_status": (LOGIN, 404, 404, 403),
    "personal_data": (LOGIN, 405, 405, 405), "profile": (LOGIN, 200, 200, 200), "public_csv": 405,
    "public_stats": 405, "solution-archive": (401, 404, 404, 403), "solution-detail": (401, 405, 405, 405),
    "solution-list": (401, 400, 400, 400), "solution-matches": (401, 405, 405, 405),
    "solution-publish": (401, 404, 404, 403), "solution-status": (401, 404, 404, 400),
    "solution_attach": (LOGIN, 404, 404, 403), "solution_create": (LOGIN, 403, 200, 403),
    "solution_detail": 405, "solution_edit": (LOGIN, 404, 404, 403),
    "solution_interest": (LOGIN, 404, 404, 403), "solution_list": 405,
    "solution_status": (LOGIN, 404, 404, 403), "stats-list": 405, "taxonomy-detail": (401, 405, 405, 405),
    "taxonomy-list": (401, 405, 405, 405), "workspace": (LOGIN, 405, 405, 405),
    "need-questions": (401, 404, 404, 400), "question_ask": (LOGIN, 404, 404, 400),
    "question_answer": (LOGIN, 404, 404, 404), "question_publish": (LOGIN, 404, 404, 404),
    "question_hide": (LOGIN, 404, 404, 404),
    "need_types": (LOGIN, 403, 403, DONE), "partnership_types": (LOGIN, 403, 403, DONE),
    "saved-search-list": (401, 400, 400, 400), "saved-search-detail": (401, 405, 405, 405),
    "saved_search_list": (LOGIN, 400, 400, 400), "saved_search_update": (LOGIN, 404, 404, 404),
    "saved_search_delete": (LOGIN, 404, 404, 404), "saved_search_unsubscribe": 200,
    "match-meetings": (401, 404, 404, 400), "meeting-detail": (401, 405, 405, 405),
    "meeting-confirm": (401, 404, 404, 400), "meeting-decline": (401, 404, 404, 400),
    "meeting_propose": (LOGIN, 404, 404, 400), "meeting_confirm": (LOGIN, 404, 404, 403),
    "meeting_decline": (LOGIN, 404, 404, 403), "meeting_held": (LOGIN, 404, 404, 403), "meeting_calendar": 405,
}
SKIPPED = {"set_language"}  # Django's language switcher: a POST without a language just redirects back


def test_every_route_has_a_write_entry():
    missing = sorted(set(routes()) - set(WRITE_EXPECTED) - SKIPPED)
    assert missing == [], f"add these routes to the write matrix: {missing}"


def test_every_role_gets_the_write_status_written_down(client, world):  # noqa: F811
    people, ids = world
    problems = []
    for name, route in sorted(routes().items()):
        if name in SKIPPED:
            continue
        url = fill(name, route, ids)
        expected = WRITE_EXPECTED[name]
        expected = expected if isinstance(expected, tuple) else (expected,) * len(ROLES)
        for role, status in zip(ROLES, expected):
            client.logout()
            if role != "anonymous":
                client.force_login(people[role])
            with transaction.atomic():  # each attempt starts from the same world
                got = client.post(url, {}).status_code
                transaction.set_rollback(True)
            if got != status:
                problems.append(f"{name} {url} as {role}: expected {status}, got {got}")
    assert problems == [], "\n".join(problems)
