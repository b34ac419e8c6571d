from django.conf import settings
from django.urls import reverse
from django.utils import translation


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
