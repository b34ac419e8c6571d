"""Sending notifications: one row per user and event (idempotent by key), rendered in the
recipient's language, e-mailed after commit when the user wants it now, or kept for the digest."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from openlab.accounts.mail import email_enqueue

from .models import Delivery, Kind, Notification, Preference

DEFAULTS = {kind: Delivery.IMMEDIATE for kind in Kind.values} | {Kind.STRONG_MATCHES: Delivery.DAILY}


def delivery_for(user, kind: str) -> str:
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    return chosen or DEFAULTS[kind]


def preferences_of(user) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind.values}


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> None:
    for kind, delivery in choices.items():
        if kind in Kind.values and delivery in Delivery.values:
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL.rstrip('/')}{url}"


def render(template: str, context: dict, language: str) -> tuple[str, str]:
    """(subject, body) of ``notifications/<template>_subject.txt`` / ``_body.txt`` in ``language``."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"notifications/{template}_subject.txt", context).split())
        body = render_to_string(f"notifications/{template}_body.txt", context).strip()
    return subject[:200], body


def notify(*, users, kind: str, key: str, template: str, context: dict, url: str = "",
           email_headers: dict | None = None) -> list[Notification]:
    """Notify each user once per ``key``; returns the notifications created now (repeats create none).
    ``email_headers`` go on the e-mail sent now (``List-Unsubscribe``, say)."""
    created = []
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    # A repeat (the same event again) renders nothing: skip whoever has this key already.
    for user_id in Notification.objects.filter(user__in=list(recipients), key=key[:120]).values_list(
            "user_id", flat=True):
        recipients.pop(user_id, None)
    for user in recipients.values():
        language = user.preferred_language or settings.LANGUAGE_CODE
        subject, body = render(template, context | {"recipient": user, "url": _absolute(url) if url else ""},
                               language)
        delivery = delivery_for(user, kind)
        email = {Delivery.IMMEDIATE: Notification.Email.QUEUED, Delivery.DAILY: Notification.Email.PENDING}.get(
            delivery, Notification.Email.NONE) if user.email else Notification.Email.NONE
        notification, is_new = Notification.objects.get_or_create(
            user=user, key=key[:120], defaults={"kind": kind, "subject": subject, "body": body, "url": url,
                                                "email": email})
        if not is_new:
            continue
        created.append(notification)
        if email == Notification.Email.QUEUED:
            email_enqueue(message=EmailMultiAlternatives(subject=subject, body=_email_body(notification, language),
                                                         to=[user.email], headers=email_headers or {}))
    return created


def _email_body(notification: Notification, language: str) -> str:
    with translation.override(language):
        return render_to_string("notifications/email_body.txt", {"notification": notification,
                                                                  "url": _absolute(notification.url or "/")})


def mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications read (these ids, or all); returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    changed = unread.update(read_at=timezone.now())
    return changed


def purge_read(*, older_than) -> int:
    """Delete the notifications read more than ``older_than`` ago; returns how many."""
    deleted, _by_model = Notification.objects.filter(read_at__lt=timezone.now() - older_than).delete()
    return deleted


def send_daily_digest(user) -> int:
    """One e-mail with the user's notifications waiting for the digest; returns how many it held."""
    with transaction.atomic():
        waiting = list(Notification.objects.select_for_update().filter(user=user, email=Notification.Email.PENDING)
                       .order_by("created_at"))
        if not waiting:
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(email=Notification.Email.QUEUED)
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = " ".join(render_to_string("notifications/digest_subject.txt", {"count": len(waiting)}).split())
            body = render_to_string("notifications/digest_body.txt", {
                "notifications": [(n, _absolute(n.url or "/")) for n in waiting], "recipient": user})
        email_enqueue(message=EmailMultiAlternatives(subject=subject, body=body, to=[user.email]))
    return len(waiting)
