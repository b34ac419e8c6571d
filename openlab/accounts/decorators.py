"""Who may open a page: coordinators only (users in the ``coordinators`` group)."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def coordinator_required(view):
    """Signed-out visitors go to the sign-in page; signed-in non-coordinators get a 403."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_coordinator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
