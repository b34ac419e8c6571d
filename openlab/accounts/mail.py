"""Queue e-mails: render now (in the recipient's language), send from a Celery task after commit."""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction

from .tasks import send_email


def email_enqueue(*, message: EmailMessage) -> None:
    """Send ``message`` from a worker once the current transaction commits."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                html = content
    body = message.body
    if getattr(message, "content_subtype", "plain") == "html" and not html:
        html, body = message.body, ""
    payload = {
        "subject": message.subject,
        "body": body,
        "html": html,
        "to": list(message.to),
        "from_email": message.from_email,
        "headers": dict(message.extra_headers),
    }
    # robust: a broker that is down (or, without one, a mail server that fails in the eager task)
    # is logged and never fails the request that already committed its work.
    transaction.on_commit(lambda: send_email.delay(**payload), robust=True)
