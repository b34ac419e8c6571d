from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from marketplace.cache_invalidation import watch, watch_rows

        from .models import MatchRun, Pairing
        from .selectors import run_generation

        watch(Pairing, "need")  # an introduction shows a need's contact details to the other side
        watch_rows(MatchRun, lambda run, _fields: [run_generation(run.kind, run.object_id)], name="match-run")
