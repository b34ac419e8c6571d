from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from . import cache_invalidation, caching

        cache_invalidation.connect()
        request_started.connect(caching.start_request, dispatch_uid="listing-cache-start-request")
        request_finished.connect(caching.finish_request, dispatch_uid="listing-cache-finish-request")
