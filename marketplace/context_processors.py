from openlab.search import degraded

from .selectors import memberships_of


def navigation(request):
    """What the header needs: the user's organisations, the active one and the role to show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_role": "anonymous", "nav_memberships": [], "active_membership": None}
    membership = getattr(request, "membership", None)
    membership = membership if membership else None
    if user.is_coordinator:
        role = "coordinator"
    elif membership is not None:
        role = membership.organization.kind
    else:
        role = "none"
    search_note = None
    if role == "coordinator":
        search_note = degraded()
    return {
        "nav_role": role,
        "nav_memberships": memberships_of(user),
        "active_membership": membership,
        "search_degraded": search_note,
    }
