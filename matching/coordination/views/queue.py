"""The coordinators' review queue: filters, ordering, pagination, and actions on many rows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from matching.explain import sentences
from openlab.accounts.decorators import coordinator_required
from openlab.confirm import confirm_page, confirmed
from openlab.form_messages import errors_as_messages

from .. import services
from ..forms import BulkForm, QueueFilterForm
from ..models import Pairing
from ..selectors import review_queue

PAGE_SIZE = 25


@coordinator_required
@require_safe
def match_queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.filters() if request.GET else QueueFilterForm().filters()
    page = Paginator(review_queue(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(p, sentences([tuple(r) for r in p.breakdown.get("reasons", [])])[:4]) for p in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "coordination/queue.html", {
        "form": form, "page": page, "rows": rows, "bulk_form": BulkForm(), "query": query.urlencode(),
        "threshold": round(services.queue_min_score() * 100)}, status=400 if form.errors else 200)


@require_POST
@coordinator_required
def match_queue_bulk(request):
    """Shortlist, reject or snooze the ticked rows; each row succeeds or says why it did not."""
    form = BulkForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    back = request.POST.get("next") or ""
    target = back if back.startswith("/coordinator/matches/") else "/coordinator/matches/"
    if not ids:
        messages.error(request, _("Tick at least one pair."))
        return redirect(target)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect(target)
    data, done, failed = form.cleaned_data, 0, []
    if not confirmed(request):  # the pairs and what will happen to them, once more
        action = dict(BulkForm.ACTIONS)[data["action"]]
        return confirm_page(request, title=_("%(action)s: %(n)d pair(s)?") % {"action": action, "n": len(ids)},
                            question=_("This is done to each pair below, and cannot be undone."),
                            items=[str(p) for p in Pairing.objects.filter(pk__in=ids).order_by("pk")],
                            confirm_label=str(action), cancel_url=target)
    for pairing in Pairing.objects.filter(pk__in=ids):
        try:
            if data["action"] == "introduce":
                services.pairing_introduce(coordinator=request.user, pairing=pairing,
                                           a_contact=services.default_contact(pairing.a_org),
                                           b_contact=services.default_contact(pairing.b_org), note=data["note"])
            elif data["action"] == "shortlist":
                services.pairing_shortlist(coordinator=request.user, pairing=pairing, note=data["note"])
            elif data["action"] == "reject":
                services.pairing_reject(coordinator=request.user, pairing=pairing, reason=data["reason"],
                                        note=data["note"])
            else:
                services.pairing_snooze(coordinator=request.user, pairing=pairing, until=data["until"],
                                        note=data["note"])
            done += 1
        except ValidationError as exc:
            failed.append(f"{pairing}: {' '.join(exc.messages)}")
    if done:
        messages.success(request, _("%(n)d pair(s) updated.") % {"n": done})
    for line in failed:
        messages.error(request, line)
    return redirect(target)
