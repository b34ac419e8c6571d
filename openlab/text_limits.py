"""Free text as the services take it: trimmed, Windows line ends made plain, and longer than its cap a
field error naming both numbers, never a silent cut."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def bounded(value, *, field: str, limit: int) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise ValidationError({field: _("At most %(limit)d characters (this has %(n)d).") % {
            "limit": limit, "n": len(text)}})
    return text
