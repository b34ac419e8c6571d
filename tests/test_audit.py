"""The security audit log: every security-relevant action leaves one entry; coordinators read and
filter it; nobody can change or delete an entry."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from marketplace import services
from marketplace.models import Membership
from openlab.accounts.tokens import api_token_create, api_token_revoke
from openlab.audit.models import AuditEntry

from .factories import MembershipFactory, NeedFactory, OrganizationFactory, SolutionFactory


def actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_security_actions_are_recorded(db, coordinator, company_admin, company):
    pending = OrganizationFactory(status="pending")
    services.organization_verify(coordinator=coordinator, organization=pending)
    invitation, token = services.invitation_create(user=company_admin, organization=company, email="new@x.kr",
                                                   role=Membership.Role.MEMBER)
    member = MembershipFactory(organization=company)
    services.membership_set_role(user=company_admin, membership=member, role=Membership.Role.ADMIN)
    services.membership_remove(user=company_admin, membership=member)
    token_row, _key = api_token_create(user=company_admin, name="import script")
    api_token_revoke(user=company_admin, token=token_row)
    assert actions() == ["verification", "invitation", "role_change", "member_removed", "token_created",
                         "token_revoked"]
    role = AuditEntry.objects.get(action="role_change")
    assert role.actor == company_admin and role.details == {"before": "member", "after": "admin"}


def test_introductions_and_exports_are_recorded(client, db, coordinator):
    from matching.coordination import services as pipeline
    from tests.coordination.test_pipeline import suggest

    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization).user
    founder = MembershipFactory(organization=solution.organization).user
    pipeline.pairing_introduce(coordinator=coordinator, pairing=suggest(need, solution), a_contact=officer,
                               b_contact=founder)
    client.force_login(coordinator)
    client.get(reverse("coordination:dashboard_csv", args=["sido"]))
    assert actions() == ["introduction", "export"]


def test_coordinators_read_and_filter_and_nobody_edits(client, db, coordinator, company_admin):
    token_row, _key = api_token_create(user=company_admin, name="a")
    api_token_revoke(user=company_admin, token=token_row)
    client.force_login(company_admin)
    assert client.get(reverse("marketplace:audit_log")).status_code == 403
    client.force_login(coordinator)
    page = client.get(reverse("marketplace:audit_log"), {"action": "token_revoked"})
    assert [e.action for e in page.context["page"]] == ["token_revoked"]
    entry = AuditEntry.objects.first()
    entry.target = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_raw_changes_and_deletions(company_admin):
    api_token_create(user=company_admin, name="ci")
    entry = AuditEntry.objects.get(action="token_created")
    for sql in ("UPDATE audit_auditentry SET target = 'forged' WHERE id = %s",
                "UPDATE audit_auditentry SET actor_id = NULL, action = 'export' WHERE id = %s",
                "DELETE FROM audit_auditentry WHERE id = %s"):
        with pytest.raises(DatabaseError, match="audit entries cannot be"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    company_admin.delete()  # deleting the person only empties the reference
    entry.refresh_from_db()
    assert entry.actor_id is None and entry.action == "token_created" and entry.target
