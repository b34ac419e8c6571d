from django.utils.functional import SimpleLazyObject

from .selectors import active_membership_for

SESSION_KEY = "active_organization_id"


class ActiveOrganizationMiddleware:
    """``request.membership``: the signed-in user's membership in the organisation they act for.

    The active organisation is kept in the session and switched from the header; it falls back to
    the user's first membership.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(
            lambda: active_membership_for(request.user, request.session.get(SESSION_KEY))
        )
        return self.get_response(request)
