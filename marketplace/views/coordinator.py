"""The coordinator area: the organisation verification queue and the audit log (the dashboard and
the match queue are in ``matching.coordination.views``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from openlab.accounts.decorators import coordinator_required
from openlab.audit.models import AuditEntry

from .. import selectors, services
from ..forms import RejectForm
from ..models import Organization


@coordinator_required
@require_safe
def verification_queue(request):
    status = request.GET.get("status", Organization.Status.PENDING)
    if status not in Organization.Status.values:
        status = Organization.Status.PENDING
    page = Paginator(selectors.verification_queue(status=status), 25).get_page(request.GET.get("page"))
    return render(request, "coordinator/verification_queue.html", {
        "page": page, "status": status, "statuses": Organization.Status.choices,
        "reject_form": RejectForm(),
    })


@require_POST
@coordinator_required
def organization_verify(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    services.organization_verify(coordinator=request.user, organization=organization)
    messages.success(request, _("%(name)s is now verified.") % {"name": organization.display_name})
    return redirect("marketplace:coordinator_organizations")


@coordinator_required
def organization_reject(request, pk):
    """Rejecting needs a reason; a missing one re-renders the form with the error (400)."""
    organization = get_object_or_404(Organization, pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.organization_reject(coordinator=request.user, organization=organization,
                                             reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error("reason", exc.messages)
            else:
                messages.success(request, _("%(name)s was rejected.") % {"name": organization.display_name})
                return redirect("marketplace:coordinator_organizations")
    status = 400 if form.errors else 200
    return render(request, "coordinator/reject.html", {"organization": organization, "form": form},
                  status=status)


@coordinator_required
@require_safe
def audit_log(request):
    entries = AuditEntry.objects.select_related("actor", "organization")
    action = request.GET.get("action", "")
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    who = request.GET.get("actor", "").strip()[:100]
    if who:
        entries = entries.filter(actor__email__icontains=who)
    organization = request.GET.get("organization", "")
    if organization.isdigit():
        entries = entries.filter(organization_id=int(organization))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "coordinator/audit_log.html", {
        "page": page, "actions": AuditEntry.Action.choices, "action": action, "who": who,
        "query": query.urlencode()})
