"""Two-way interest pages: sending from a listing's page, the interest's own page (accept, decline,
withdraw) and the organisation's workspace with its listings and inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from openlab.confirm import confirm_page, confirmed
from openlab.form_messages import errors_as_messages

from .. import panels, selectors, services
from ..listing_forms import INTEREST_FORM_KINDS, DeclineForm, interest_form
from ..models import Interest, Need, Organization, PartnershipRequest, Solution
from ..services.listings import OWNER_KINDS
from .listings import KINDS


def _acting(request) -> Organization:
    membership = getattr(request, "membership", None)
    if not membership:
        raise PermissionDenied(_("Join or register an organisation first."))
    return membership.organization


@require_POST
@login_required
def interest_send(request, kind, pk):
    """Propose (from a need's page), invite (from a solution's page) or respond (partnership)."""
    listing = selectors.listing_for(KINDS[kind].model, user=request.user, pk=pk)
    if listing is None:
        raise Http404
    organization = _acting(request)
    form = interest_form(INTEREST_FORM_KINDS[kind], organization, request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect(f"marketplace:{kind}_detail", pk=pk)
    try:
        interest = _send(kind, request.user, organization, listing, form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(f"marketplace:{kind}_detail", pk=pk)
    messages.success(request, _("Sent. You will see here when they open and answer it."))
    return redirect("marketplace:interest_detail", pk=interest.pk)


def _send(kind, user, organization, listing, data) -> Interest:
    """The service for the listing's kind: a need's page proposes a solution, a solution's page
    invites it to a need, a partnership's page responds."""
    if kind == "need":
        return services.interest_propose(user=user, need=listing, solution=data["solution"],
                                         message=data["message"])
    if kind == "solution":
        return services.interest_invite(user=user, need=data["need"], solution=listing, message=data["message"])
    return services.interest_respond(user=user, organization=organization, partnership=listing,
                                     message=data["message"], solution=data["solution"])


def _visible_interest(request, pk) -> Interest:
    interest = selectors.interests_visible_to(request.user).filter(pk=pk).first()
    if interest is None:
        raise Http404
    return interest


@login_required
@require_safe
def interest_detail(request, pk):
    """Reading records nothing: the recipient's page sends the read receipt itself (``interest_opened``)."""
    interest = _visible_interest(request, pk)
    own = set(selectors.member_organization_ids(request.user))
    return render(request, "marketplace/interest_detail.html", {
        "interest": interest, "is_recipient": interest.recipient_id in own,
        "is_sender": interest.sender_id in own, "decline_form": DeclineForm(),
        **panels.interest_context(request, interest),
    })


@require_POST
@login_required
def interest_opened(request, pk):
    """The read receipt: posted by the recipient's page once shown (``static/openlab/receipt.js``)."""
    interest = _visible_interest(request, pk)
    services.interest_mark_opened(user=request.user, interest=interest)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect("marketplace:interest_detail", pk=pk)


@require_POST
@login_required
def interest_action(request, pk):
    interest = _visible_interest(request, pk)
    action = request.POST.get("action")
    try:
        if action == "accept":
            services.interest_accept(user=request.user, interest=interest)
            messages.success(request, _("Accepted."))
        elif action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.get("reason") or _("Choose a reason."))
            if not confirmed(request):
                reason = Interest.DeclineReason(form.cleaned_data["reason"]).label
                return confirm_page(
                    request, title=_("Decline this interest?"), confirm_label=_("Decline"),
                    question=_("%(sender)s will see that you declined, and why: %(reason)s.") % {
                        "sender": interest.sender.display_name, "reason": reason},
                    items=[form.cleaned_data["note"]] if form.cleaned_data["note"] else [],
                    cancel_url=reverse("marketplace:interest_detail", args=[pk]))
            services.interest_decline(user=request.user, interest=interest, **form.cleaned_data)
            messages.success(request, _("Declined. The sender will see your reason."))
        elif action == "withdraw":
            if not confirmed(request):
                return confirm_page(
                    request, title=_("Withdraw your interest?"), confirm_label=_("Withdraw"),
                    question=_("%(recipient)s will no longer see it. This cannot be undone.") % {
                        "recipient": interest.recipient.display_name},
                    cancel_url=reverse("marketplace:interest_detail", args=[pk]))
            services.interest_withdraw(user=request.user, interest=interest)
            messages.success(request, _("Withdrawn."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("marketplace:interest_detail", pk=pk)


@login_required
@require_safe
def workspace(request):
    """The active organisation's listings by status and its interests received and sent."""
    membership = getattr(request, "membership", None)
    if not membership:
        return redirect("marketplace:organization_create")
    organization = membership.organization
    sections = []
    for model in (Solution, Need, PartnershipRequest):
        can_post = organization.kind in OWNER_KINDS[model]
        items = list(model.objects.filter(organization=organization).order_by("status", "-updated_at"))
        if items or can_post:
            sections.append({"kind": model.kind, "label": model._meta.verbose_name_plural, "items": items,
                             "can_post": can_post})
    return render(request, "marketplace/workspace.html", {
        "organization": organization, "sections": sections,
        "received": selectors.interest_inbox(organization=organization, box="received"),
        "sent": selectors.interest_inbox(organization=organization, box="sent"),
        **panels.workspace_context(organization),
    })
