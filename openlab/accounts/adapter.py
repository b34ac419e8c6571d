from allauth.account.adapter import DefaultAccountAdapter
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
            ctx = {"email": email}
            if request is not None:
                from django.contrib.sites.shortcuts import get_current_site

                ctx.update({"request": request, "current_site": get_current_site(request)})
            ctx.update(context)
            message = self.render_mail(template_prefix, email, ctx)
        email_enqueue(message=message)
