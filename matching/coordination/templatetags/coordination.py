"""Template filters of the coordination pages."""

from django import template

from ..models import Pairing

register = template.Library()


@register.filter
def pairing_state(code):
    """The translated label of a pairing state code."""
    return Pairing.State(code).label if code in Pairing.State.values else code
