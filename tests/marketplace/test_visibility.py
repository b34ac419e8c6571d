"""Drafts and listings of unverified or rejected organisations are seen by their members and
coordinators only: on pages, in lists and counts, on profiles and in the API."""

import pytest
from django.urls import reverse

from marketplace.models import Organization

from ..factories import (
    MembershipFactory,
    NeedFactory,
    OrganizationFactory,
    PartnershipFactory,
    SolutionFactory,
    UserFactory,
)

KINDS = {
    "solution": (SolutionFactory, {"status": "draft"}, "solution"),
    "need": (NeedFactory, {"status": "draft"}, "need"),
    "partnership": (PartnershipFactory, {"status": "draft"}, "partnership"),
}
API = {"solution": "solutions", "need": "needs", "partnership": "partnerships"}


def _hidden_listings(kind):
    factory, draft, _ = KINDS[kind]
    own_draft = factory(title="비공개 초안", **draft)
    unverified = factory(title="미인증 기관 공고")
    Organization.objects.filter(pk=unverified.organization_id).update(status=Organization.Status.PENDING)
    rejected = factory(title="반려 기관 공고")
    Organization.objects.filter(pk=rejected.organization_id).update(status=Organization.Status.REJECTED)
    public = factory(title="공개 공고")
    return own_draft, unverified, rejected, public


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("viewer", ["anonymous", "outsider"])
def test_hidden_listings_are_invisible_everywhere(client, db, kind, viewer):
    draft, unverified, rejected, public = _hidden_listings(kind)
    if viewer == "outsider":
        client.force_login(MembershipFactory(organization=OrganizationFactory()).user)
    board = client.get(reverse(f"marketplace:{kind}_list")).content.decode()
    with_status = client.get(reverse(f"marketplace:{kind}_list"), {"status": "draft"}).content.decode()
    api = client.get(f"/api/v1/{API[kind]}/").json()
    api_drafts = client.get(f"/api/v1/{API[kind]}/", {"status": "draft"}).json()
    assert "공개 공고" in board and api["count"] == 1 and api_drafts["count"] == 0
    for hidden in (draft, unverified, rejected):
        assert hidden.title not in board and hidden.title not in with_status
        assert client.get(reverse(f"marketplace:{kind}_detail", args=[hidden.pk])).status_code == 404
        assert client.get(f"/api/v1/{API[kind]}/{hidden.pk}/").status_code == 404
        profile = client.get(reverse("marketplace:organization_detail", args=[hidden.organization_id]))
        assert profile.status_code == 404 or hidden.title not in profile.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_members_see_their_own_drafts(client, db, kind):
    draft, _unverified, _rejected, _public = _hidden_listings(kind)
    member = MembershipFactory(organization=draft.organization).user
    client.force_login(member)
    assert client.get(reverse(f"marketplace:{kind}_detail", args=[draft.pk])).status_code == 200
    assert client.get(f"/api/v1/{API[kind]}/{draft.pk}/").status_code == 200
    assert draft.title in client.get(reverse(f"marketplace:{kind}_list"), {"status": "draft"}).content.decode()
    assert draft.title in client.get(reverse("marketplace:workspace")).content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_coordinators_see_everything(client, coordinator, kind):
    hidden = _hidden_listings(kind)[:3]
    client.force_login(coordinator)
    for listing in hidden:
        assert client.get(reverse(f"marketplace:{kind}_detail", args=[listing.pk])).status_code == 200
    assert client.get(f"/api/v1/{API[kind]}/").json()["count"] == 4


def test_board_count_ignores_hidden_listings(client, db):
    _hidden_listings("solution")
    page = client.get(reverse("marketplace:solution_list"))
    assert page.context["page"].paginator.count == 1


def test_attachments_of_drafts_are_not_served(client, company, company_member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from marketplace import services

    draft = SolutionFactory(organization=company, status="draft")
    attachment = services.attachment_add(user=company_member, listing=draft,
                                         upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n"))
    url = reverse("marketplace:attachment_download", args=[attachment.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(company_member)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
