"""Writes for personal API tokens: make one (the key is returned once) and revoke it."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openlab.audit.services import audit

from .models import ApiToken, api_token_hash

MAX_ACTIVE_TOKENS = 20
KEY_PREFIX = "olk_"


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    if ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError({"name": _("You have %(n)d active tokens already. Revoke one first.")
                               % {"n": MAX_ACTIVE_TOKENS}})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name[:100], key_hash=api_token_hash(key), prefix=key[:8])
    token.full_clean()
    token.save()
    audit("token_created", actor=user, target=f"{token.name} ({token.prefix}…)")
    return token, key


@transaction.atomic
def api_token_revoke(*, user, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise ValidationError(_("This is not your token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit("token_revoked", actor=user, target=f"{token.name} ({token.prefix}…)")
