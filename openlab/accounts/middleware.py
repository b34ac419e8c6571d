from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Use a signed-in user's preferred language unless they picked one with the switcher.

    A choice made with the language switcher (``/i18n/setlang/``) is also saved as the preference,
    so that e-mails follow it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            if user.preferred_language in self.codes:
                translation.activate(user.preferred_language)
                request.LANGUAGE_CODE = user.preferred_language
        response = self.get_response(request)
        if signed_in and request.method == "POST" and request.path == "/i18n/setlang/":
            chosen = request.POST.get("language")
            if chosen in self.codes and chosen != user.preferred_language:
                user.preferred_language = chosen
                user.save(update_fields=["preferred_language"])
        return response
