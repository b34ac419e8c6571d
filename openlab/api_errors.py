"""API errors are JSON with field messages, including the ``ValidationError`` the services raise."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from openlab.search.base import SearchQueryError


def exception_handler(exc, context):
    if isinstance(exc, SearchQueryError):  # logged where it happened; the caller gets a clear answer
        return Response({"detail": _("The search engine could not run this search; the error is logged."),
                         "code": "search_failed"}, status=503)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
                      for field, messages in exc.message_dict.items()}
        else:
            detail = {"non_field_errors": exc.messages}
        exc = ValidationError(detail)
    return drf_exception_handler(exc, context)
