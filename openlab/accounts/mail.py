"""Queue e-mails: render now (in the recipient's language), send from a Celery task after commit."""

from django.core.mail import EmailMessage, EmailMultiAlternatives

from openlab.jobs.services import enqueue


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
    # Recorded with the write; sent after commit. A broker that is down (or, without one, a mail
    # server that fails) never fails the request: the job waits for the sweeper.
    enqueue("openlab.accounts.tasks.send_email", **payload)
