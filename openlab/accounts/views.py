import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from openlab.audit.services import audit

from .forms import ProfileForm
from .models import ApiToken
from .privacy import account_delete as delete
from .privacy import personal_data
from .tokens import api_token_create, api_token_revoke


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile was saved."))
        response = redirect("accounts:profile")
        translation.activate(user.preferred_language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, user.preferred_language, samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def api_tokens(request):
    """Personal API tokens: make one (its key is shown once) and revoke old ones."""
    new_key, error = None, None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token = get_object_or_404(ApiToken, pk=request.POST.get("token"), user=request.user)
            api_token_revoke(user=request.user, token=token)
            messages.success(request, _("The token was revoked."))
            return redirect("accounts:api_tokens")
        try:
            _token, new_key = api_token_create(user=request.user, name=request.POST.get("name", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(request, "accounts/api_tokens.html", {"tokens": tokens, "new_key": new_key, "error": error},
                      status=400 if error else 200)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def personal_data_download(request):
    """Everything Open Lab holds about the signed-in person, as JSON (PIPA's right of access)."""
    body = json.dumps(personal_data(request.user), ensure_ascii=False, indent=2)
    audit("export", actor=request.user, target="personal data (JSON)")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="openlab-personal-data.json"'
    return response


@login_required
def account_delete(request):
    """Delete the account after the password is confirmed; the organisation's work stays."""
    error = None
    if request.method == "POST":
        if not request.user.check_password(request.POST.get("password", "")):
            error = _("The password is not right.")
        else:
            try:
                delete(user=request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                logout(request)
                messages.success(request, _("Your account was deleted. Thank you for using Open Lab."))
                return redirect("marketplace:home")
    return render(request, "accounts/delete.html", {"error": error}, status=400 if error else 200)
