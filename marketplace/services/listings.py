"""Writes for solutions, needs and partnership requests: create, edit, publish, close, archive and
attachments. Any member of the owning organisation may write; only a verified organisation publishes."""

from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.after_write import listing_changed, listing_shown_changed
from openlab.audit.services import audit
from openlab.search.sync import documents_changed
from openlab.text_limits import bounded

from .. import rules
from ..attachments import MAX_PER_LISTING, inspect_upload, stored_file
from ..models import Attachment, Deployment, Need, Organization, PartnershipRequest, Solution
from ..type_inference import listing_inferred_types, stored_inferred_types

SOLUTION_FIELDS = {
    "title", "title_en", "summary_en", "summary", "description", "keywords", "nationwide", "overseas", "price_min_krw",
    "price_max_krw", "pricing_model", "deployment_months", "min_population", "max_population",
    "open_source", "license", "data_hub_ready", "certifications", "languages", "external_id",
    "types", "service_sidos", "deployments",
}
NEED_FIELDS = {
    "title", "title_en", "summary_en", "problem", "desired_outcome", "field", "types", "budget_min_krw", "budget_max_krw",
    "programme", "deadline", "clarification_deadline", "requires_open_source", "requires_data_hub", "living_lab",
    "contact_name", "contact_email", "contact_phone", "external_id",
}
PARTNERSHIP_FIELDS = {
    "title", "title_en", "summary_en", "direction", "description", "types", "collaboration", "target_sizes", "region",
    "deadline", "external_id",
}
FIELDS = {Solution: SOLUTION_FIELDS, Need: NEED_FIELDS, PartnershipRequest: PARTNERSHIP_FIELDS}
OWNER_KINDS = {model: model.OWNER_KINDS for model in (Solution, Need, PartnershipRequest)}
# Allowed status changes: from → to.
TRANSITIONS = {
    Solution: {"draft": {"published", "archived"}, "published": {"archived"}, "archived": {"published"}},
    Need: {"draft": {"open"}, "open": {"closed", "awarded"}, "closed": {"open", "awarded"}},
    PartnershipRequest: {"draft": {"open"}, "open": {"closed"}, "closed": {"open"}},
}
PUBLISHED_STATUS = {Solution: "published", Need: "open", PartnershipRequest: "open"}


def require_member(*, user, organization: Organization) -> None:
    """Only members of the owning organisation write its listings (coordinators read, not write)."""
    if not (user and user.is_authenticated
            and organization.memberships.filter(user=user).exists()):
        raise PermissionDenied(_("Only members of the organisation can change its listings."))


def _apply(listing, data: dict) -> dict:
    """Set plain fields on ``listing``; return the many-to-many and nested values to save after it."""
    allowed = FIELDS[type(listing)]
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"unknown {type(listing).__name__} fields: {sorted(unknown)}")
    later = {}
    for name, value in data.items():
        if name in ("types", "service_sidos", "deployments"):
            later[name] = list(value or [])
        elif name == "target_sizes" and not isinstance(value, str):
            listing.target_sizes = ",".join(value or [])
        elif name == "external_id":
            listing.external_id = value or None
        else:
            setattr(listing, name, value)
    return later


def _current(listing, later: dict, name: str) -> list:
    if name in later:
        return later[name]
    if listing.pk is None:
        return []
    return list(getattr(listing, name).all())


def _check(listing, later: dict, *, publishing: bool, deadline_changed: bool = True) -> None:
    today = timezone.localdate()
    if isinstance(listing, Solution):
        types = _current(listing, later, "types")
        if "types" in later or listing.pk is None:
            # The first type chosen is the primary one.
            listing.primary_type = types[0] if types else None
        else:
            types = [listing.primary_type] if listing.primary_type_id else types
        errors = rules.solution_errors(listing, type_codes=[t.pk for t in types if t],
                                       sido_codes=[m.pk for m in _current(listing, later, "service_sidos")],
                                       publishing=publishing)
    elif isinstance(listing, Need):
        errors = rules.need_errors(listing, today=today, publishing=publishing and deadline_changed)
        if publishing and not deadline_changed:
            errors.pop("deadline", None)
    else:
        errors = rules.partnership_errors(listing, today=today, publishing=publishing and deadline_changed)
    if errors:
        raise ValidationError(errors)
    exclude = ["primary_type"] if isinstance(listing, Solution) and listing.primary_type_id is None else None
    listing.full_clean(exclude=exclude)


def _save_nested(listing, later: dict) -> None:
    if "types" in later:
        listing.types.set(later["types"])
    if "service_sidos" in later:
        listing.service_sidos.set(later["service_sidos"])
    if "deployments" in later:
        deployments = []
        for index, item in enumerate(later["deployments"]):
            deployment = item if isinstance(item, Deployment) else Deployment(**item)
            deployment.solution = listing
            deployment.pk = None
            try:
                if not deployment.municipality_id and not deployment.city:
                    raise ValidationError({"municipality": _("Choose a municipality or name an overseas city.")})
                deployment.full_clean(exclude=["solution"])
            except ValidationError as exc:
                raise ValidationError({"deployments": _("Reference %(n)d: %(errors)s") % {
                    "n": index + 1, "errors": "; ".join(exc.messages)}}) from exc
            deployments.append(deployment)
        listing.deployments.all().delete()
        Deployment.objects.bulk_create(deployments)


def listing_save(*, listing, data: dict, user=None, status: str | None = None):
    """Validate and save a listing with its related values. No permission check: the callers
    (the create/update services below, and the operator's import command) decide who may."""
    deadline_before = getattr(listing, "deadline", None) if listing.pk else object()
    later = _apply(listing, data)
    if status is not None:
        listing.status = status
    publishing = listing.status == PUBLISHED_STATUS[type(listing)]
    if publishing and not listing.organization.is_verified:
        raise ValidationError(_("Only a verified organisation can publish. A coordinator will verify yours."),
                              code="unverified")
    deadline_changed = getattr(listing, "deadline", None) != deadline_before
    deadline = getattr(listing, "deadline", None)
    if (deadline_changed and deadline is not None and deadline <= timezone.localdate()
            and listing.status in ("draft", PUBLISHED_STATUS[type(listing)])):
        # A deadline that has passed makes sense only on a closed or awarded listing (an import of old ones).
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    _check(listing, later, publishing=publishing, deadline_changed=deadline_changed)
    if publishing and listing.published_at is None:
        listing.published_at = timezone.now()
    if user is not None:
        listing.updated_by = user
        if listing.pk is None:
            listing.created_by = user
    listing.save()
    _save_nested(listing, later)
    listing_changed(listing)
    return listing


@transaction.atomic
def listing_create(*, user, organization: Organization, model, data: dict):
    """A new draft listing of ``model`` for ``organization``."""
    require_member(user=user, organization=organization)
    if organization.kind not in OWNER_KINDS[model]:
        raise PermissionDenied(_("This kind of organisation cannot post this kind of listing."))
    return listing_save(listing=model(organization=organization), data=data, user=user)


@transaction.atomic
def listing_update(*, user, listing, data: dict):
    require_member(user=user, organization=listing.organization)
    listing = type(listing).objects.select_for_update().get(pk=listing.pk)
    return listing_save(listing=listing, data=data, user=user)


@transaction.atomic
def listing_set_status(*, user, listing, status: str, awarded_solution: Solution | None = None):
    """Publish, close, reopen, award or archive a listing (see ``TRANSITIONS``)."""
    require_member(user=user, organization=listing.organization)
    model = type(listing)
    listing = model.objects.select_for_update().select_related("organization").get(pk=listing.pk)
    if status not in TRANSITIONS[model].get(listing.status, set()):
        raise ValidationError({"status": _("A listing that is %(from)s cannot become %(to)s.") % {
            "from": listing.get_status_display(), "to": dict(model.Status.choices).get(status, status)}})
    if model is Need:
        if status == Need.Status.AWARDED:
            if awarded_solution is None:
                raise ValidationError({"awarded_solution": _("Choose the solution the need was awarded to.")})
            listing.awarded_solution = awarded_solution
        if status == Need.Status.OPEN and listing.deadline and listing.deadline <= timezone.localdate():
            raise ValidationError({"deadline": _("The deadline must be in the future.")})
    publishing = status == PUBLISHED_STATUS[model]
    listing.status = status
    if publishing:
        if not listing.organization.is_verified:
            raise ValidationError(_("Only a verified organisation can publish. A coordinator will verify "
                                    "yours."), code="unverified")
        _check(listing, {}, publishing=True, deadline_changed=listing.published_at is None)
        listing.published_at = listing.published_at or timezone.now()
    listing.updated_by = user
    listing.save()
    listing_changed(listing)
    return listing


MAX_TYPES = 5


@transaction.atomic
def listing_set_types(*, user, listing, types) -> Need | PartnershipRequest:
    """A coordinator's correction of what a need or partnership request is about: the chosen types
    replace the ones guessed from its words (audited; the listing is reindexed and rematched)."""
    if not getattr(user, "is_coordinator", False):
        raise PermissionDenied(_("Only partnership coordinators can do this."))
    model = type(listing)
    if model is Solution:
        raise ValidationError(_("A solution's types are chosen by its company."))
    types = list(types)
    if not 1 <= len(types) <= MAX_TYPES:
        raise ValidationError({"types": _("Choose between 1 and %(max)d types.") % {"max": MAX_TYPES}})
    listing = model.objects.select_for_update().select_related("organization").get(pk=listing.pk)
    before = sorted(t.code for t in listing.types.all())
    listing.types.set(types)
    listing.updated_by = user
    listing.save(update_fields=["updated_by", "updated_at"])
    audit("listing_types_corrected", actor=user, organization=listing.organization, target=str(listing),
          kind=listing.kind, listing=listing.pk, before=before, after=sorted(t.code for t in types))
    listing_changed(listing)
    return listing


def listing_guesses_refresh(listing) -> list[tuple[str, float]]:
    """The types a need or partnership request that names none is about, guessed from its words
    against the catalogue as it is now ([] when its types were chosen, and for solutions). When they
    differ from the guesses its search document stores (the catalogue changed since: the need was
    imported before the solutions, a solution of its kind was published), the document is indexed
    again once the caller's transaction commits, so that both sides' matching follows."""
    if listing.kind == "solution":
        return []
    guessed = listing_inferred_types(listing)
    if guessed != stored_inferred_types(listing, or_now=False):
        documents_changed(listing.kind, [listing.pk])
    return guessed


# Attachments -------------------------------------------------------------------------------------

@transaction.atomic
def attachment_add(*, user, listing, upload, title: str = "") -> Attachment:
    require_member(user=user, organization=listing.organization)
    content_type = ContentType.objects.get_for_model(listing)
    existing = Attachment.objects.select_for_update().filter(content_type=content_type, object_id=listing.pk)
    if len(list(existing)) >= MAX_PER_LISTING:
        raise ValidationError({"file": _("A listing can have at most %(n)d attachments.") % {"n": MAX_PER_LISTING}})
    try:
        kind, mime_type = inspect_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    title = bounded(title, field="title", limit=200)
    stored = stored_file(upload, kind)
    attachment = Attachment(content_type=content_type, object_id=listing.pk, kind=kind, file=stored,
                            original_name=PurePath(upload.name or "file").name[-200:], mime_type=mime_type,
                            size=stored.size, title=title, uploaded_by=user)
    attachment.save()
    listing_shown_changed(listing)
    return attachment


@transaction.atomic
def attachment_remove(*, user, attachment: Attachment) -> None:
    listing = attachment.listing
    require_member(user=user, organization=listing.organization)
    attachment.file.delete(save=False)
    attachment.delete()
    listing_shown_changed(listing)
