"""The coordinator area: the organisation verification queue (the dashboard and the match queue
are in ``matching.views``)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import selectors, services
from ..forms import RejectForm
from ..models import Organization


def coordinator_required(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_coordinator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


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
    return redirect("coordinator_organizations")


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
                return redirect("coordinator_organizations")
    status = 400 if form.errors else 200
    return render(request, "coordinator/reject.html", {"organization": organization, "form": form},
                  status=status)
