"""Saved searches: the board's "save this search" button posts here; one's own list, rename, alerts
and delete; the e-mails' unsubscribe link (a signed token, no sign-in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..models import SavedSearch
from ..services import saved_searches as service


def _mine(request, pk) -> SavedSearch:
    saved = SavedSearch.objects.filter(pk=pk, user=request.user).first()
    if saved is None:
        raise Http404
    return saved


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def saved_search_list(request):
    errors = []
    if request.method == "POST":
        data = request.POST
        try:
            saved = service.saved_search_create(user=request.user, kind=data.get("kind", ""),
                                                query=data.get("query", ""), name=data.get("name", ""),
                                                frequency=data.get("frequency", ""))
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Search saved as “%(name)s”. New listings it finds will be sent to you.") % {
                "name": saved.name})
            return redirect("marketplace:saved_search_list")
    searches = SavedSearch.objects.filter(user=request.user)
    return render(request, "marketplace/saved_searches.html", {
        "searches": searches, "errors": errors, "frequencies": SavedSearch.Frequency.choices,
    }, status=400 if errors else 200)


@require_POST
@login_required
def saved_search_update(request, pk):
    saved = _mine(request, pk)
    try:
        service.saved_search_update(user=request.user, saved=saved, name=request.POST.get("name"),
                                    frequency=request.POST.get("frequency") or saved.frequency)
        messages.success(request, _("Saved search updated."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("marketplace:saved_search_list")


@require_POST
@login_required
def saved_search_delete(request, pk):
    service.saved_search_delete(user=request.user, saved=_mine(request, pk))
    messages.success(request, _("Saved search deleted."))
    return redirect("marketplace:saved_search_list")


@csrf_exempt  # the signed token is the authority, as a mail client's one-click POST has no CSRF cookie
@require_http_methods(["GET", "HEAD", "POST"])
def saved_search_unsubscribe(request, token):
    """GET: a page with one button (mail scanners that follow links change nothing); POST: done."""
    saved = service.saved_search_for_token(token)
    if request.method == "POST":
        done = service.saved_search_unsubscribe(token=token)
        return render(request, "marketplace/saved_search_unsubscribe.html", {"done": done, "saved": saved})
    if saved is None:
        raise Http404
    return render(request, "marketplace/saved_search_unsubscribe.html", {"saved": saved, "token": token})


