"""The ranked matches on a listing's page (registered with ``marketplace.panels``)."""

from django.template.loader import render_to_string

from .selectors import can_see_matches, excluded_for, matches_for, shown_floor
from .tasks import schedule_missing


def matches_panel(request, listing) -> dict:
    """For the listing's organisation and coordinators, when the listing is listed by a verified one."""
    if listing.status not in listing.LISTED_STATUSES or not listing.organization.is_verified:
        return {}
    if not can_see_matches(request.user, listing):
        return {}
    matches = matches_for(listing, limit=10, min_score=shown_floor(request.user))
    if schedule_missing(listing, matches):
        matches = matches_for(listing, limit=10, min_score=shown_floor(request.user))
    context = {"matches": matches, "show_matches": True, "kind": listing.kind}
    if getattr(request.user, "is_coordinator", False):
        context["excluded"] = excluded_for(listing, limit=20)
    return {"matches_html": render_to_string("matching/matches.html", context)}
