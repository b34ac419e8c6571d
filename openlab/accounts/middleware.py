from django.conf import settings
from django.contrib import auth
from django.contrib.auth import middleware
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from rest_framework.permissions import SAFE_METHODS

from .signed_in import forget_rows, session_user


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    """Django's, where ``request.user`` is the user read with the session in the same query
    (``sessions.SessionStore``) when the session names them; Django still checks the session against
    the user. A request that may write reads the rows registered with the user again, after it has."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))


def get_user(request):
    if not hasattr(request, "_cached_user"):
        read = getattr(request.session, "user_read_with_it", None)
        with session_user(read() if read is not None else None):
            user = auth.get_user(request)
        if user.is_authenticated and request.method not in SAFE_METHODS:
            forget_rows(user)
        request._cached_user = user
    return request._cached_user


class UserLanguageMiddleware:
    """The language, in this order: the switcher's choice (its cookie, so it sticks), a signed-in
    user's preference, then what Django's ``LocaleMiddleware`` read from the browser's Accept-Language
    on a first visit (an English browser gets English), Korean by default.

    A choice made with the language switcher (``/i18n/setlang/``) is also saved as the preference,
    so that e-mails follow it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) not in self.codes and signed_in
                and user.preferred_language in self.codes):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        response = self.get_response(request)
        if signed_in and request.method == "POST" and request.path == reverse("set_language"):
            chosen = request.POST.get("language")
            if chosen in self.codes and chosen != user.preferred_language:
                user.preferred_language = chosen
                user.save(update_fields=["preferred_language"])
        return response
