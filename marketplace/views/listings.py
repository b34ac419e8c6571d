"""Pages for the three kinds of listing: boards with facet filters, detail, create, edit, status
changes and attachments. One set of views, configured per kind by ``KINDS``."""

import functools
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from openlab import pagecache
from openlab.form_messages import errors_as_messages
from openlab.search.base import SearchQueryError

from .. import panels, selectors, services
from ..attachments import PDF_MAX_BYTES
from ..facets import facet_counts_for, label_choices_with_counts
from ..filters import FILTERSETS
from ..kinds import KINDS as LISTING_KINDS
from ..kinds import ListingKind
from ..listing_forms import (
    INTEREST_FORM_KINDS,
    AttachmentForm,
    AwardForm,
    DeploymentFormSet,
    NeedForm,
    PartnershipForm,
    QuestionForm,
    SolutionForm,
    deployment_initial,
    deployments_from,
    interest_form,
)
from ..markup import render_markdown
from ..models import Attachment, Need, Organization, PartnershipRequest, Solution
from ..services.listings import OWNER_KINDS
from .listing_types import inferred_types_context
from .organizations import _form_errors_from
from .type_suggestions import type_suggestions

PAGE_SIZE = 20
UPLOAD_BODY_MAX_BYTES = PDF_MAX_BYTES + 512 * 1024  # the largest file plus the form around it


FORMS = {"solution": SolutionForm, "need": NeedForm, "partnership": PartnershipForm}


@dataclass(frozen=True)
class PageKind:
    """A kind of listing as its pages see it: the registry's entry with its form and board filters."""

    kind: ListingKind
    form_class: type
    filterset_class: type

    @property
    def model(self) -> type:
        return self.kind.model


KINDS = {name: PageKind(kind, FORMS[name], FILTERSETS[name]) for name, kind in LISTING_KINDS.items()}


def _membership_for(request, organization) -> object | None:
    return next((m for m in selectors.memberships_of(request.user) if m.organization_id == organization.pk), None)


@require_safe
def listing_list(request, kind):
    board = pagecache.cached(kind, "board", pagecache.query_params(request.GET), lambda: _board_html(request, kind),
                             public=selectors.sees_public_listings(request.user, KINDS[kind].model),
                             keep=lambda html: "data-search-failed" not in html)  # a failure is not kept
    return render(request, "marketplace/listing_list.html", {
        "board": board, "kind": kind, "can_create": _can_create(request, KINDS[kind])})


def _board_html(request, kind) -> str:
    """The board's filters and results for this query and viewer (cached for those who see what
    anonymous visitors see, until the kind's next write: ``pagecache``)."""
    config = KINDS[kind]
    params = request.GET.copy()
    if params.get("status"):
        base = selectors.listings_visible_to(config.model, request.user)
    else:
        base = selectors.board_listings(config.model, request.user)
    base = base.select_related(*LISTING_KINDS[kind].related).prefetch_related("types")
    filterset = config.filterset_class(params, queryset=base)
    search_error = ""
    try:
        results = filterset.qs if filterset.is_valid() else base.none()  # the keyword search runs here
    except SearchQueryError:  # logged by the search layer; the board says so instead of a 500
        search_error = _("The search engine could not run this search. The error is logged; try other words, "
                         "or browse with the filters.")
        results = base.none()
    label_choices_with_counts(filterset.form, facet_counts_for(request, kind, results))
    filterset.form.fields.pop("organization", None)  # an API filter; profiles list an organisation's listings
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    filterset.highlights.load(kind, [item.pk for item in page])
    for item in page:
        item.highlight = filterset.highlights.get(item.pk, "")
    query = params.copy()
    query.pop("page", None)
    return render_to_string("marketplace/includes/board.html", {
        "filter": filterset, "page": page, "query": query.urlencode(), "kind": kind,
        "searching": bool(params.get("q", "").strip()), "search_error": search_error,
    })


def _can_create(request, config) -> bool:
    membership = getattr(request, "membership", None)
    return bool(membership) and membership.organization.kind in OWNER_KINDS[config.model]


@require_safe
def listing_detail(request, kind, pk):
    return listing_page(request, kind, pk)


def listing_page(request, kind, pk, *, extra=None, status=200):
    """A listing's page; ``extra`` adds to its context (a form sent back with its errors)."""
    config = KINDS[kind]
    listing, attachments, facts_html = _listing_page(config.model, pk)
    if listing is None or not selectors.may_see_listing(request.user, listing):
        raise Http404
    membership = _membership_for(request, listing.organization)
    if kind == "need" and selectors.can_see_need_contact(request.user, listing):
        facts_html = _facts_html(listing, show_contact=True)  # never cached: for this viewer only
    context = {
        "listing": listing, "kind": kind, "membership": membership, "facts_html": facts_html,
        "attachments": attachments,
        "interests": _interests(request, listing),
        "attachment_fields": _attachment_fields(translation.get_language()) if membership else None,
    }
    context.update(_interest_form_for(request, kind, listing, membership))
    context.update(panels.context_for(request, listing))
    if kind == "need" and membership and listing.status in ("open", "closed"):
        context["award_has_choices"], context["award_fields"] = _award_form_fields(listing)
    if kind == "need":
        context.update(question_context(request, listing))
    context.update(inferred_types_context(request, listing, membership))
    context.update(extra or {})
    return render(request, f"marketplace/{kind}_detail.html", context, status=status)


def question_context(request, need) -> dict:
    """The need's questions as the viewer may see them, and whether (and for whom) they may ask."""
    context = {"questions": selectors.questions_visible_to(request.user, need),
               "questions_until": need.questions_until, "question_form": QuestionForm()}
    # Who may ask, from the memberships the request has read already (the service checks again on POST).
    companies = selectors.asking_companies(request.user)
    context["asking_as"] = companies[0] if companies and need.status == "open" else None
    context["questions_closed"] = (need.questions_until is not None
                                   and timezone.localdate() > need.questions_until)
    context["answers_questions"] = (request.user.is_authenticated
                                    and need.organization_id in selectors.member_organization_ids(request.user))
    return context


#: What a listing's page and facts show besides the listing: read with it, once (no query per type).
PAGE_RELATED = {"solution": ["organization", "primary_type"],
                "need": ["organization", "organization__municipality__parent", "field", "awarded_solution"],
                "partnership": ["organization", "region"]}
PAGE_PREFETCH = {"solution": ["types__field", "service_sidos", "deployments__municipality__parent"], "need": ["types"],
                 "partnership": ["types"]}


def _facts_html(listing, *, show_contact: bool) -> str:
    body = render_markdown(getattr(listing, "description", "") or getattr(listing, "problem", ""))
    return render_to_string(f"marketplace/includes/{listing.kind}_facts.html", {
        "listing": listing, "body_html": body, "show_contact": show_contact})


def _listing_page(model, pk):
    """The listing (with its organisation), its attachments and its rendered description and facts
    (without a need's contact details), checked against the viewer (``may_see_listing``) after. The
    same for every viewer, so cached until the kind's next write, when the listing is public (what an
    anonymous visitor sees); a draft is read for its members every time and never kept."""
    def read():
        listing = (model.objects.select_related(*PAGE_RELATED[model.kind]).prefetch_related(*PAGE_PREFETCH[model.kind])
                   .filter(pk=pk).first())
        if listing is None:
            return None, [], ""
        return listing, list(selectors.attachments_of(listing)), _facts_html(listing, show_contact=False)

    return pagecache.cached(model.kind, "page", (pk,), read, public=True,
                            keep=lambda page: page[0] is not None and page[0].is_public)


def _interests(request, listing) -> list:
    """The interests the viewer's organisations have about the listing."""
    user = request.user
    if not user.is_authenticated:
        return []
    if not getattr(user, "is_coordinator", False) and not selectors.member_organization_ids(user):
        return []
    return selectors.interests_between(user=user, listing=listing)


def _award_candidates(need):
    ids = need.interests.values_list("solution_id", flat=True)
    return Solution.objects.filter(pk__in=ids).select_related("organization")


#: Who is offered a listing's interest form (``INTEREST_FORM_KINDS``): the kinds of organisation that
#: send it, and the status the listing must have. The services check the same again.
INTEREST_SENDERS = {
    "need": ((Organization.Kind.COMPANY,), Need.Status.OPEN),
    "solution": (tuple(OWNER_KINDS[Need]), Solution.Status.PUBLISHED),
    "partnership": ((Organization.Kind.COMPANY,), PartnershipRequest.Status.OPEN),
}


def _interest_form_for(request, kind, listing, membership):
    """The propose, invite or respond form that fits the viewer's organisation, if any."""
    acting = getattr(request, "membership", None)
    if not acting or membership is not None or not acting.organization.is_verified:
        return {}
    org = acting.organization
    senders, status = INTEREST_SENDERS[kind]
    if org.kind not in senders or listing.status != status:
        return {}
    form_kind = INTEREST_FORM_KINDS[kind]
    has_choices, fields = _interest_form_fields(form_kind, org)
    return {"interest_kind": form_kind, "interest_has_choices": has_choices, "interest_fields": fields}


def _interest_form_fields(form_kind: str, org) -> tuple[bool, str]:
    """Whether the organisation has anything to choose, and the form's fields."""
    choice_kind = "need" if form_kind == "invite" else "solution"
    form = interest_form(form_kind, org)
    return bool(form.fields[choice_kind].rows), _fields_html(form)  # RowChoiceField: the rows read once


def _award_form_fields(need) -> tuple[bool, str]:
    """The need's 'mark as awarded' choice (the solutions proposed or invited)."""
    rows = selectors.award_candidates(need)
    if not rows:  # nothing to choose: the panel says so, no fields
        return False, ""
    return True, _fields_html(AwardForm(solutions=_award_candidates(need), rows=rows))


@functools.lru_cache(maxsize=8)
def _attachment_fields(language: str) -> str:
    """The upload form's fields, the same for every listing (per language, per process)."""
    return _fields_html(AttachmentForm())


def _fields_html(form) -> str:
    return render_to_string("includes/form_fields.html", {"form": form})


def _acting_organization(request, config) -> Organization:
    membership = getattr(request, "membership", None)
    if not membership:
        raise PermissionDenied(_("Join or register an organisation first."))
    if membership.organization.kind not in OWNER_KINDS[config.model]:
        raise PermissionDenied(_("This kind of organisation cannot post this kind of listing."))
    return membership.organization


def _editable(request, config, pk):
    listing = selectors.listing_for(config.model, user=request.user, pk=pk)
    if listing is None:
        raise Http404
    if _membership_for(request, listing.organization) is None:
        raise PermissionDenied(_("Only members of the organisation can change its listings."))
    return listing


@login_required
def listing_create(request, kind):
    config = KINDS[kind]
    organization = _acting_organization(request, config)
    return _listing_form(request, config, organization=organization, listing=None)


@login_required
def listing_edit(request, kind, pk):
    config = KINDS[kind]
    listing = _editable(request, config, pk)
    return _listing_form(request, config, organization=listing.organization, listing=listing)


def _listing_form(request, config, *, organization, listing):
    data = request.POST if request.method == "POST" else None  # an empty POST is still a POST (errors)
    form = config.form_class(data, instance=listing)
    deployments = None
    if config.model is Solution:
        deployments = DeploymentFormSet(data, prefix="deployments",
                                        initial=deployment_initial(listing) if listing else None)
    suggestions = None
    if request.method == "POST" and config.model is Need and "suggest" in request.POST:
        # "Suggest types" (works without JavaScript): show the inferred types, pre-selected, and save nothing.
        suggestions = type_suggestions(f"{request.POST.get('title', '')} {request.POST.get('problem', '')}")
        initial = {name: request.POST.get(name) for name in request.POST if name not in ("csrfmiddlewaretoken", "types")}
        initial["types"] = list(dict.fromkeys(request.POST.getlist("types") + [s["code"] for s in suggestions]))
        form = config.form_class(initial=initial, instance=listing)
    elif request.method == "POST" and form.is_valid() and (deployments is None or deployments.is_valid()):
        data = form.listing_data()
        if deployments is not None:
            data["deployments"] = deployments_from(deployments)
        try:
            if listing is None:
                listing = services.listing_create(user=request.user, organization=organization,
                                                  model=config.model, data=data)
                messages.success(request, _("The draft was saved. Publish it when it is ready."))
            else:
                listing = services.listing_update(user=request.user, listing=listing, data=data)
                messages.success(request, _("Your changes were saved."))
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "primary_type" in exc.error_dict:
                exc.error_dict.setdefault("types", exc.error_dict.pop("primary_type"))
            if hasattr(exc, "error_dict") and "types" in exc.error_dict and "types" not in form.fields:
                exc.error_dict["primary_type"] = exc.error_dict.pop("types")
            _form_errors_from(exc, form)
        else:
            return redirect(f"marketplace:{config.kind.name}_detail", pk=listing.pk)
    return render(request, "marketplace/listing_form.html", {
        "form": form, "deployments": deployments, "listing": listing, "kind": config.kind.name,
        "organization": organization, "suggestions": suggestions,
    })


STATUS_ACTIONS = {"publish": {"solution": "published", "need": "open", "partnership": "open"},
                  "reopen": {"solution": "published", "need": "open", "partnership": "open"},
                  "close": {"need": "closed", "partnership": "closed"},
                  "archive": {"solution": "archived"},
                  "award": {"need": "awarded"}}


@require_POST
@login_required
def listing_status(request, kind, pk):
    config = KINDS[kind]
    listing = _editable(request, config, pk)
    status = STATUS_ACTIONS.get(request.POST.get("action", ""), {}).get(kind)
    if status is None:
        messages.error(request, _("Unknown action."))
        return redirect(f"marketplace:{kind}_detail", pk=pk)
    awarded = None
    if status == "awarded":
        form = AwardForm(request.POST, solutions=_award_candidates(listing))
        awarded = form.cleaned_data["awarded_solution"] if form.is_valid() else None
    try:
        services.listing_set_status(user=request.user, listing=listing, status=status, awarded_solution=awarded)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The status is now: %(status)s.")
                         % {"status": dict(config.model.Status.choices)[status]})
    return redirect(f"marketplace:{kind}_detail", pk=pk)


@require_POST
@login_required
def attachment_upload(request, kind, pk):
    config = KINDS[kind]
    listing = _editable(request, config, pk)
    # Refuse an oversized body before Django spools it to disk.
    if int(request.META.get("CONTENT_LENGTH") or 0) > UPLOAD_BODY_MAX_BYTES:
        messages.error(request, _("The PDF is too large: at most 10 MB."))
        return redirect(f"marketplace:{kind}_detail", pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(user=request.user, listing=listing, upload=form.cleaned_data["file"],
                                    title=form.cleaned_data["title"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file was attached."))
    else:
        errors_as_messages(request, form)
    return redirect(f"marketplace:{kind}_detail", pk=pk)


def _visible_attachment(request, pk, *, messages_too=False) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    model = attachment.content_type.model_class()
    if messages_too and model in panels.attachment_readers:
        owner = model.objects.filter(pk=attachment.object_id).first()
        if owner is None or not panels.attachment_readers[model](request.user, owner):
            raise Http404
        return attachment
    if model not in (Solution, Need, PartnershipRequest) or selectors.listing_for(
            model, user=request.user, pk=attachment.object_id) is None:
        raise Http404
    return attachment


def attachment_download(request, pk):
    """Attachments are served through the listing's visibility rules (a message's, through its
    thread's), never straight from media/."""
    attachment = _visible_attachment(request, pk, messages_too=True)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.mime_type,
                            as_attachment=attachment.kind == Attachment.Kind.PDF,
                            filename=attachment.original_name)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@login_required
def attachment_delete(request, pk):
    attachment = _visible_attachment(request, pk)
    listing = attachment.listing
    services.attachment_remove(user=request.user, attachment=attachment)
    messages.success(request, _("The file was removed."))
    return redirect(f"marketplace:{listing.kind}_detail", pk=listing.pk)
