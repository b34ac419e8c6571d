from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from marketplace import caching
        from marketplace.cache_invalidation import watch

        from .models import MatchRun, Pairing
        from .selectors import run_generation

        watch(Pairing, "need")  # an introduction shows a need's contact details to the other side

        def run_stored(sender, instance, raw=False, **kwargs):
            if not raw:
                caching.bump(run_generation(instance.kind, instance.object_id))

        post_save.connect(run_stored, sender=MatchRun, weak=False, dispatch_uid="match-run-saved")
        post_delete.connect(run_stored, sender=MatchRun, weak=False, dispatch_uid="match-run-deleted")
