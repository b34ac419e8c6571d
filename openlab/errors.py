"""Error pages. A database that is down (or drops the connection mid-request) is a 503 with a clear
page (JSON under /api/), not a 500: the service's transaction was rolled back, nothing half-written
stayed, and trying again later is the right advice."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def _database_down(exc) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError)) or (
        isinstance(exc, DatabaseError) and "connection" in str(exc).lower())


def server_error(request):
    """``handler500``: Django calls it while the exception is being handled."""
    exc = sys.exc_info()[1]
    if _database_down(exc):
        message = _("The database is not answering. Nothing you sent was saved; please try again in a minute.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message, "code": "database_unavailable"}, status=503)
        else:
            # Rendered without context processors: they would ask the database again.
            response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Server error."), "code": "server_error"}, status=500)
    return HttpResponse(render_to_string("500.html", {}), status=500)


def page_not_found(request, exception):
    """``handler404``: under /api/ a JSON ``detail`` like the API's own 404s (an address no route
    matches included), elsewhere Django's page (templates/404.html)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
