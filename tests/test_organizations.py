from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from marketplace import services
from marketplace.models import Invitation, Membership, Municipality, Organization

from .factories import MembershipFactory, MunicipalityOrganizationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


# Creating organisations ---------------------------------------------------------------------------

def test_new_company_is_pending_and_creator_is_admin(client, user):
    client.force_login(user)
    response = client.post(reverse("marketplace:organization_create"), {
        "kind": "company", "name": "(주)스마트파킹", "size": "startup", "business_number": "124-81-00998",
        "hq_sido": "48", "website": "https://parking.example.kr", "description": "주차공유"})
    assert response.status_code == 302, response.content.decode()[:2000]
    organization = Organization.objects.get(name="(주)스마트파킹")
    assert organization.status == Organization.Status.PENDING
    assert organization.business_number == "1248100998"
    assert Membership.objects.get(organization=organization, user=user).role == Membership.Role.ADMIN


def test_company_with_bad_business_number_gets_a_field_error(client, user):
    client.force_login(user)
    response = client.post(reverse("marketplace:organization_create"), {
        "kind": "company", "name": "가짜기업", "size": "sme", "business_number": "124-81-00999", "hq_sido": "11"})
    assert response.status_code == 200
    assert "check digit" in response.content.decode() or "검증 번호" in response.content.decode()
    assert 'value="가짜기업"' in response.content.decode()
    assert not Organization.objects.filter(name="가짜기업").exists()


def test_business_number_is_unique(user):
    OrganizationFactory(business_number="1248100998")
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(user=user, kind="company", name="또다른", size="sme",
                                     business_number="124-81-00998", hq_sido=Municipality.objects.get(code="11"))
    assert "business_number" in excinfo.value.error_dict


def test_company_needs_size_number_and_headquarters(user):
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(user=user, kind="company", name="미완성")
    assert {"size", "business_number", "hq_sido"} <= set(excinfo.value.error_dict)


def test_one_organisation_per_municipality(client, user):
    MunicipalityOrganizationFactory()
    client.force_login(user)
    response = client.post(reverse("marketplace:organization_create"), {"kind": "municipality", "name": "통영시청",
                                                            "municipality": "48220"})
    assert response.status_code == 200
    assert Organization.objects.filter(municipality_id="48220").count() == 1


def test_municipality_fields_are_cleared_for_other_kinds(user):
    organization = services.organization_create(
        user=user, kind="overseas", name="Da Nang", country="VN", size="sme",
        municipality=Municipality.objects.get(code="48220"))
    assert organization.size == "" and organization.municipality is None


def test_overseas_needs_a_country(user):
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(user=user, kind="overseas", name="Somewhere")
    assert "country" in excinfo.value.error_dict


def test_logo_must_really_be_an_image(client, company, company_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(company_admin)
    fake = SimpleUploadedFile("logo.png", b"MZ\x90\x00 this is an executable", content_type="image/png")
    response = client.post(reverse("marketplace:organization_edit", args=[company.pk]), {
        "name": company.name, "size": company.size, "business_number": company.business_number,
        "hq_sido": "11", "logo": fake})
    assert response.status_code == 200
    assert "id_logo_error" in response.content.decode()
    company.refresh_from_db()
    assert not company.logo


def test_logo_in_another_image_format_is_refused(client, company, company_admin):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")
    client.force_login(company_admin)
    response = client.post(reverse("marketplace:organization_edit", args=[company.pk]), {
        "name": company.name, "size": company.size, "business_number": company.business_number,
        "hq_sido": "11", "logo": SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")})
    assert response.status_code == 200 and "WebP" in response.content.decode()
    company.refresh_from_db()
    assert not company.logo


def test_logo_png_is_accepted(client, company, company_admin, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    client.force_login(company_admin)
    response = client.post(reverse("marketplace:organization_edit", args=[company.pk]), {
        "name": company.name, "size": company.size, "business_number": company.business_number,
        "hq_sido": "11", "logo": SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")})
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.logo.name.endswith(".png")


# Membership permissions ---------------------------------------------------------------------------

def test_only_admins_edit_the_organisation(client, company, company_member, company_admin, outsider):
    url = reverse("marketplace:organization_edit", args=[company.pk])
    data = {"name": "새 이름", "size": "sme", "business_number": company.business_number, "hq_sido": "11"}
    assert client.post(url, data).status_code == 302  # anonymous → login
    client.force_login(outsider)
    assert client.post(url, data).status_code == 404
    client.force_login(company_member)
    assert client.post(url, data).status_code == 403
    company.refresh_from_db()
    assert company.name != "새 이름"
    client.force_login(company_admin)
    assert client.post(url, data).status_code == 302
    company.refresh_from_db()
    assert company.name == "새 이름" and company.size == "sme"


def test_service_refuses_non_admin_edit(company, company_member):
    with pytest.raises(PermissionDenied):
        services.organization_update(user=company_member, organization=company, name="x")


def test_members_page_is_for_members_only(client, company, company_member, outsider):
    url = reverse("marketplace:organization_members", args=[company.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(company_member)
    response = client.get(url)
    assert response.status_code == 200
    assert "Send invitation" not in response.content.decode() and "초대 보내기" not in response.content.decode()


def test_member_cannot_invite_or_change_roles(client, company, company_member, company_admin):
    client.force_login(company_member)
    url = reverse("marketplace:organization_members", args=[company.pk])
    client.post(url, {"action": "invite", "invite-email": "x@example.kr", "invite-role": "admin"})
    assert not Invitation.objects.exists()
    admin_membership = Membership.objects.get(user=company_admin)
    client.post(url, {"action": "role", "membership": admin_membership.pk, "role": "member"})
    admin_membership.refresh_from_db()
    assert admin_membership.role == "admin"


def test_last_admin_cannot_leave_or_be_demoted(company, company_admin):
    membership = Membership.objects.get(user=company_admin)
    with pytest.raises(ValidationError):
        services.membership_remove(user=company_admin, membership=membership)
    with pytest.raises(ValidationError):
        services.membership_set_role(user=company_admin, membership=membership, role="member")
    assert Membership.objects.filter(pk=membership.pk, role="admin").exists()


def test_admin_can_leave_once_there_is_another_admin(company, company_admin, company_member):
    other = Membership.objects.get(user=company_member)
    services.membership_set_role(user=company_admin, membership=other, role="admin")
    services.membership_remove(user=company_admin, membership=Membership.objects.get(user=company_admin))
    assert list(company.memberships.values_list("role", flat=True)) == ["admin"]


def test_member_can_leave(client, company, company_member):
    client.force_login(company_member)
    membership = Membership.objects.get(user=company_member)
    client.post(reverse("marketplace:organization_members", args=[company.pk]), {"action": "remove",
                                                                     "membership": membership.pk})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_user_switches_active_organisation(client, company, company_admin):
    other = OrganizationFactory(name="두번째 기업")
    MembershipFactory(user=company_admin, organization=other)
    client.force_login(company_admin)
    client.post(reverse("marketplace:organization_switch"), {"organization": other.pk, "next": "/"})
    assert client.session["active_organization_id"] == other.pk
    assert "두번째 기업" in client.get("/").content.decode()
    stranger = OrganizationFactory()
    assert client.post(reverse("marketplace:organization_switch"), {"organization": stranger.pk}).status_code == 404


def test_pending_organisation_is_visible_to_members_only(client, user, outsider):
    organization = services.organization_create(user=user, kind="overseas", name="Pending City", country="VN")
    url = reverse("marketplace:organization_detail", args=[organization.pk])
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(user)
    assert client.get(url).status_code == 200


def test_municipality_admin_edits_population(client, user):
    organization = MunicipalityOrganizationFactory()
    MembershipFactory(user=user, organization=organization, role="admin")
    client.force_login(user)
    response = client.post(reverse("marketplace:organization_edit", args=[organization.pk]),
                           {"name": organization.name, "municipality": "48220", "pop-population": "122000"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Municipality.objects.get(code="48220").population == 122000


# Invitations --------------------------------------------------------------------------------------

def test_invitation_email_accept_once(client, company, company_admin, django_capture_on_commit_callbacks):
    client.force_login(company_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("marketplace:organization_members", args=[company.pk]),
                    {"action": "invite", "invite-email": "new@example.kr", "invite-role": "member"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.kr"]
    path = "/invitations/" + mail.outbox[0].body.split("/invitations/", 1)[1].split()[0]
    invitation = Invitation.objects.get()
    assert invitation.token_hash not in mail.outbox[0].body  # only the hash is stored

    invitee = UserFactory(email="new@example.kr")
    client.force_login(invitee)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=invitee, organization=company).role == "member"
    # Single use: a second acceptance is refused.
    assert client.post(path).status_code == 400
    assert Membership.objects.filter(user=invitee).count() == 1


def test_new_person_signs_up_from_the_invitation_without_a_second_verification(
        client, company, company_admin, django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress

    _, token = services.invitation_create(user=company_admin, organization=company, email="fresh@example.kr")
    path = reverse("marketplace:invitation_accept", args=[token])
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{reverse('account_signup')}?next={path}", {
            "email": "fresh@example.kr", "display_name": "새 구성원", "preferred_language": "ko",
            "password1": "Str0ng-pass-2026", "password2": "Str0ng-pass-2026", "next": path})
    assert response.status_code == 302 and response["Location"] == path
    assert EmailAddress.objects.get(email="fresh@example.kr").verified
    assert mail.outbox == []  # no verification e-mail needed
    assert client.post(path).status_code == 302
    assert company.memberships.filter(user__email="fresh@example.kr").exists()


def test_expired_invitation_is_refused(company, company_admin):
    invitation, token = services.invitation_create(user=company_admin, organization=company,
                                                   email="late@example.kr")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_accept(user=UserFactory(email="late@example.kr"), token=token)
    assert excinfo.value.code == "expired"


def test_invitation_expires_after_seven_days(company, company_admin):
    invitation, _ = services.invitation_create(user=company_admin, organization=company, email="a@example.kr")
    assert timedelta(days=6, hours=23) < invitation.expires_at - invitation.created_at <= timedelta(days=7)


def test_invitation_is_for_the_invited_address_only(company, company_admin):
    _, token = services.invitation_create(user=company_admin, organization=company, email="right@example.kr")
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_accept(user=UserFactory(email="wrong@example.kr"), token=token)
    assert excinfo.value.code == "wrong_user"


def test_reinviting_replaces_the_earlier_invitation(company, company_admin):
    _, first = services.invitation_create(user=company_admin, organization=company, email="twice@example.kr")
    _, second = services.invitation_create(user=company_admin, organization=company, email="twice@example.kr")
    person = UserFactory(email="twice@example.kr")
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_accept(user=person, token=first)
    assert excinfo.value.code == "revoked"
    services.invitation_accept(user=person, token=second)


def test_anonymous_accept_goes_to_login_and_back(client, company, company_admin):
    _, token = services.invitation_create(user=company_admin, organization=company, email="n@example.kr")
    path = reverse("marketplace:invitation_accept", args=[token])
    response = client.post(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    assert not Invitation.objects.get().accepted_at


def test_unknown_invitation_token(client):
    assert client.get("/invitations/not-a-token/").status_code == 400


def test_invitation_in_the_invitees_language(company, company_admin, django_capture_on_commit_callbacks):
    UserFactory(email="partner@example.com", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(user=company_admin, organization=company, email="partner@example.com")
    assert "You are invited" in mail.outbox[0].subject
