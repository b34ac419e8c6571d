"""Coordinators read and filter the audit log; nobody edits it (there is no form to)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from marketplace.views.coordinator import coordinator_required

from .models import AuditEntry


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
