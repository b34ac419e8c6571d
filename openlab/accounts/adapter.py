from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from .mail import email_enqueue
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with e-mail rendered in the recipient's language and sent by Celery."""

    def send_mail(self, template_prefix, email, context):
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            request = context.get("request")
            # The site's name and domain (SITE_NAME, SITE_URL): e-mails say whose they are.
            ctx = {"email": email, "current_site": get_current_site(request)}
            if request is not None:
                ctx["request"] = request
            ctx.update(context)
            message = self.render_mail(template_prefix, email, ctx)
        email_enqueue(message=message)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins count per account *and* address (``login_failed``'s ``key`` rate): a
        stranger guessing an officer's password locks only themselves out, never the officer. Each
        address is also limited over all accounts (the ``ip`` rate). allauth 65 names the key here."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"
