"""Organisation pages: create, profile, edit, members and invitations, switching the active one."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import selectors, services
from ..forms import InvitationForm, OrganizationForm, PopulationForm, RoleForm
from ..middleware import SESSION_KEY
from ..models import Invitation, Membership, Need, Organization, PartnershipRequest, Solution


def _visible_organization(request, pk) -> Organization:
    organization = selectors.organizations_visible_to(request.user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization


def _admin_membership(request, organization) -> Membership:
    membership = selectors.membership_of(user=request.user, organization=organization)
    if membership is None:
        raise Http404
    if not membership.is_admin:
        raise PermissionDenied
    return membership


def _form_errors_from(exc: ValidationError, form) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def organization_create(request):
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.ORGANIZATION_FIELDS}
        try:
            organization = services.organization_create(user=request.user, **data)
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            request.session[SESSION_KEY] = organization.pk
            messages.success(request, _("Your organisation was created. A coordinator will verify it; "
                                        "until then you can prepare drafts."))
            return redirect("marketplace:organization_detail", pk=organization.pk)
    return render(request, "marketplace/organization_form.html", {"form": form, "creating": True})


@require_safe
def organization_detail(request, pk):
    organization = _visible_organization(request, pk)
    membership = selectors.membership_of(user=request.user, organization=organization)
    sections = []
    for model in (Solution, Need, PartnershipRequest):
        # The profile shows what the public boards show; members find drafts in the workspace.
        items = selectors.board_listings(model, request.user).filter(organization=organization)
        sections.append({"kind": model.kind, "label": model._meta.verbose_name_plural,
                         "items": items.select_related("organization")[:50]})
    return render(request, "marketplace/organization_detail.html",
                  {"organization": organization, "membership": membership, "listing_sections": sections})


@login_required
def organization_edit(request, pk):
    organization = _visible_organization(request, pk)
    _admin_membership(request, organization)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization, editing=True)
    population_form = None
    if organization.municipality_id:
        population_form = PopulationForm(
            request.POST or None, prefix="pop", initial={"population": organization.municipality.population})
    if request.method == "POST":
        valid = form.is_valid() and (population_form is None or population_form.is_valid())
        if valid:
            data = {k: v for k, v in form.cleaned_data.items() if k in services.ORGANIZATION_FIELDS}
            try:
                services.organization_update(user=request.user, organization=organization, **data)
                if population_form is not None:
                    services.municipality_set_population(
                        user=request.user, organization=organization,
                        population=population_form.cleaned_data["population"])
            except ValidationError as exc:
                _form_errors_from(exc, form)
            else:
                messages.success(request, _("The organisation was saved."))
                return redirect("marketplace:organization_detail", pk=organization.pk)
    return render(request, "marketplace/organization_form.html",
                  {"form": form, "population_form": population_form, "organization": organization})


@login_required
def organization_members(request, pk):
    organization = _visible_organization(request, pk)
    membership = selectors.membership_of(user=request.user, organization=organization)
    if membership is None:
        raise Http404
    invite_form = InvitationForm(prefix="invite")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "invite":
                invite_form = InvitationForm(request.POST, prefix="invite")
                if invite_form.is_valid():
                    invitation, _token = services.invitation_create(
                        user=request.user, organization=organization, **invite_form.cleaned_data)
                    messages.success(request, _("An invitation was sent to %(email)s.")
                                     % {"email": invitation.email})
                    return redirect("marketplace:organization_members", pk=pk)
            elif action == "role":
                target = get_object_or_404(Membership, pk=request.POST.get("membership"),
                                           organization=organization)
                role_form = RoleForm(request.POST)
                if role_form.is_valid():
                    services.membership_set_role(user=request.user, membership=target,
                                                 role=role_form.cleaned_data["role"])
                    messages.success(request, _("The role was changed."))
                return redirect("marketplace:organization_members", pk=pk)
            elif action == "remove":
                target = get_object_or_404(Membership, pk=request.POST.get("membership"),
                                           organization=organization)
                services.membership_remove(user=request.user, membership=target)
                if target.user_id == request.user.pk:
                    messages.success(request, _("You left %(name)s.") % {"name": organization.display_name})
                    return redirect("marketplace:home")
                messages.success(request, _("The member was removed."))
                return redirect("marketplace:organization_members", pk=pk)
            elif action == "revoke":
                invitation = get_object_or_404(Invitation, pk=request.POST.get("invitation"),
                                               organization=organization)
                services.invitation_revoke(user=request.user, invitation=invitation)
                messages.success(request, _("The invitation was withdrawn."))
                return redirect("marketplace:organization_members", pk=pk)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and action == "invite":
                _form_errors_from(exc, invite_form)
            else:
                for message in exc.messages:
                    messages.error(request, message)
                return redirect("marketplace:organization_members", pk=pk)
    return render(request, "marketplace/organization_members.html", {
        "organization": organization,
        "membership": membership,
        "members": selectors.organization_members(organization=organization),
        "invitations": selectors.pending_invitations(organization=organization) if membership.is_admin else [],
        "invite_form": invite_form,
        "roles": Membership.Role.choices,
    })


@require_POST
@login_required
def organization_switch(request):
    """Make another of the user's organisations the one they act for."""
    try:
        pk = int(request.POST.get("organization", ""))
    except ValueError:
        pk = None
    if not any(m.organization_id == pk for m in selectors.memberships_of(request.user)):
        raise Http404
    request.session[SESSION_KEY] = pk
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    return redirect(next_url)


def invitation_accept(request, token):
    invitation = services.invitation_for_token(token)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            membership = services.invitation_accept(user=request.user, token=token)
        except ValidationError as exc:
            return render(request, "marketplace/invitation.html",
                          {"invitation": invitation, "error": " ".join(exc.messages)}, status=400)
        request.session[SESSION_KEY] = membership.organization_id
        messages.success(request, _("You joined %(name)s.") % {"name": membership.organization.display_name})
        return redirect("marketplace:organization_detail", pk=membership.organization_id)
    error = None
    if invitation is None:
        error = _("This invitation link is not valid.")
    elif invitation.accepted_at:
        error = _("This invitation has already been used.")
    elif invitation.revoked_at:
        error = _("This invitation was withdrawn.")
    elif invitation.is_expired:
        error = _("This invitation has expired. Ask for a new one.")
    elif not request.user.is_authenticated:
        # The link reached this address, so signing up with it needs no second verification e-mail.
        get_adapter(request).stash_verified_email(request, invitation.email)
    return render(request, "marketplace/invitation.html", {"invitation": invitation, "error": error},
                  status=400 if error else 200)
