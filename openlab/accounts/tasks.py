"""E-mail delivery runs on Celery workers so that a slow mail server never holds up a request."""

import logging
from importlib import import_module
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from openlab.jobs.services import is_done

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=8)
def send_email(self, *, subject: str, body: str, to: list[str], html: str = "", from_email: str = "",
               headers: dict | None = None) -> int:
    """Send one already-rendered message; returns the number of messages sent (1, or 0 when this job
    already succeeded and the broker delivered it again)."""
    if is_done(self.request.id):
        return 0
    headers = dict(headers or {})
    if self.request.id and not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = message_id(self.request.id)
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email or settings.DEFAULT_FROM_EMAIL, to=to, headers=headers,
    )
    if html:
        message.attach_alternative(html, "text/html")
    sent = message.send()
    logger.info("sent e-mail %r to %d recipient(s)", subject, len(to))
    return sent


def message_id(task_id: str) -> str:
    """The job's own Message-ID: if a worker dies between handing the message to the mail server and
    recording the job as done, the redelivered copy carries the same Message-ID, which mail servers
    and clients treat as the same message (at-least-once delivery, shown once)."""
    domain = urlsplit(getattr(settings, "SITE_URL", "")).hostname or "openlab.invalid"
    return f"<{task_id}@{domain}>"


@shared_task(acks_late=True)
def purge_expired_sessions() -> int:
    """Daily (Celery beat): delete the sessions past their expiry, as Django's ``clearsessions`` does,
    and say how many."""
    model = import_module(settings.SESSION_ENGINE).SessionStore.get_model_class()
    deleted, _by_model = model.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
