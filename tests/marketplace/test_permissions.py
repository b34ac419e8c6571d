"""Who may write a listing: the full matrix of roles × write paths, on the pages and in the API.

Members and administrators of the owner write; anonymous users are sent to sign in (pages) or refused
(API); members of other organisations and coordinators are refused — with 404 where they may not even
see the listing (drafts)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from marketplace.models import Attachment, Membership, Need, PartnershipRequest, Solution

from ..factories import (
    CoordinatorFactory,
    MembershipFactory,
    NeedFactory,
    OrganizationFactory,
    PartnershipFactory,
    SolutionFactory,
)

FACTORIES = {"solution": SolutionFactory, "need": NeedFactory, "partnership": PartnershipFactory}
MODELS = {"solution": Solution, "need": Need, "partnership": PartnershipRequest}
API = {"solution": "solutions", "need": "needs", "partnership": "partnerships"}
ALLOWED = {"member", "admin"}


def _viewer(role, listing):
    if role == "anonymous":
        return None
    if role == "coordinator":
        return CoordinatorFactory()
    if role == "outsider":
        return MembershipFactory(organization=OrganizationFactory()).user
    return MembershipFactory(organization=listing.organization,
                             role=Membership.Role.ADMIN if role == "admin" else Membership.Role.MEMBER).user


def _expected_refusal(role, status):
    if role == "anonymous":
        return {302}
    if role == "outsider" and status == "draft":
        return {404}
    return {403}


ROLES = ["anonymous", "outsider", "member", "admin", "coordinator"]


@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", ["draft", "public"])
def test_page_edit_and_status_matrix(client, db, kind, role, status):
    extra = {"status": "draft"} if status == "draft" else {}
    listing = FACTORIES[kind](title="원래 제목", **extra)
    user = _viewer(role, listing)
    if user:
        client.force_login(user)
    edit = client.get(reverse(f"marketplace:{kind}_edit", args=[listing.pk]))
    action = "publish" if status == "draft" else ("archive" if kind == "solution" else "close")
    change = client.post(reverse(f"marketplace:{kind}_status", args=[listing.pk]), {"action": action})
    attach = client.post(reverse(f"marketplace:{kind}_attach", args=[listing.pk]),
                         {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")})
    listing.refresh_from_db()
    if role in ALLOWED:
        assert edit.status_code == 200
        assert change.status_code == 302 and listing.status != ("draft" if status == "draft" else "open")
        assert Attachment.objects.count() == 1
    else:
        expected = _expected_refusal(role, status)
        assert edit.status_code in expected and change.status_code in expected and attach.status_code in expected
        assert listing.status == (extra.get("status") or FACTORIES[kind]._meta.model.Status.values[1])
        assert not Attachment.objects.exists()


@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", ["draft", "public"])
def test_api_update_and_status_matrix(client, db, kind, role, status):
    extra = {"status": "draft"} if status == "draft" else {}
    listing = FACTORIES[kind](title="원래 제목", **extra)
    user = _viewer(role, listing)
    if user:
        client.force_login(user)
    url = f"/api/v1/{API[kind]}/{listing.pk}/"
    patch = client.patch(url, {"title": "바뀐 제목"}, content_type="application/json")
    archive = client.post(url + "archive/")
    listing.refresh_from_db()
    if role in ALLOWED:
        assert patch.status_code == 200, patch.content
        assert listing.title == "바뀐 제목"
    else:
        expected = {"anonymous": {401, 403}, "coordinator": {403}}.get(
            role, {404} if status == "draft" else {403})
        assert patch.status_code in expected and archive.status_code in expected
        assert listing.title == "원래 제목"


def _create_payload(kind):
    if kind == "solution":
        return {"title": "API 솔루션", "summary": "요약", "types": ["TRF-07"], "nationwide": True}
    if kind == "need":
        return {"title": "API 수요", "problem": "문제", "contact_name": "담당자",
                "deadline": (timezone.localdate() + timedelta(days=10)).isoformat()}
    return {"title": "API 제휴", "direction": "seeking", "description": "설명", "collaboration": "poc"}


@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("role", ["anonymous", "wrong_kind", "member", "coordinator"])
def test_api_create_matrix(client, city, company, kind, role):
    owner = city if kind == "need" else company
    other = company if kind == "need" else city
    user = {"anonymous": None, "coordinator": CoordinatorFactory(),
            "wrong_kind": MembershipFactory(organization=other).user,
            "member": MembershipFactory(organization=owner).user}[role]
    if user:
        client.force_login(user)
    response = client.post(f"/api/v1/{API[kind]}/", _create_payload(kind), content_type="application/json")
    created = MODELS[kind].objects.filter(title__startswith="API").first()
    if role == "member":
        assert response.status_code == 201, response.content
        assert created.organization == owner and created.status == "draft" and created.created_by == user
    else:
        assert response.status_code in {400, 401, 403}
        assert created is None


@pytest.mark.parametrize("kind", FACTORIES)
def test_page_create_refused_to_the_wrong_kind_of_organisation(client, city, company, kind):
    other = company if kind == "need" else city
    client.force_login(MembershipFactory(organization=other).user)
    assert client.get(reverse(f"marketplace:{kind}_create")).status_code == 403
