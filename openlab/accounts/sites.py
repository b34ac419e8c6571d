"""The site's name and domain (``django.contrib.sites``), which allauth's e-mails show ("Hello from
…", the account's domain), follow the settings: ``SITE_NAME`` and the host of ``SITE_URL``."""

from urllib.parse import urlsplit

from django.conf import settings


def site_from_settings(sender, *, using="default", apps=None, **kwargs) -> None:
    """``post_migrate``: every ``migrate`` brings the Site row in line with the settings."""
    Site = apps.get_model("sites", "Site") if apps is not None else None
    if Site is None:
        return
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(pk=settings.SITE_ID, defaults={"domain": domain,
                                                                             "name": settings.SITE_NAME})
