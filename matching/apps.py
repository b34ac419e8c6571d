from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from marketplace.cache_invalidation import watch

        from .models import Pairing

        watch(Pairing, "need")  # an introduction shows a need's contact details to the other side
