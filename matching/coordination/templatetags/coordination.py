"""Template filters of the coordination pages."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import Pairing

register = template.Library()


@register.filter
def pairing_state(code):
    """The translated label of a pairing state code."""
    return Pairing.State(code).label if code in Pairing.State.values else code


#: What each recorded step of a pairing is called on its page (``PairingEvent.action``).
EVENT_ACTIONS = {
    "suggest": _("Suggested by the engine"), "shortlist": _("Shortlisted"), "introduce": _("Introduced"),
    "reject": _("Rejected"), "snooze": _("Snoozed"), "accept": _("Accepted"), "decline": _("Declined"),
    "outcome": _("Outcome recorded"), "remind": _("Reminder sent"), "expire": _("Expired"),
    "mutual": _("Connected by mutual interest"), "refresh": _("Score updated"),
}


@register.filter
def event_action(code):
    """The translated name of a pairing event's action (the code itself if it has none)."""
    return EVENT_ACTIONS.get(code, code)
