from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from django.db.models.signals import post_delete

        from marketplace.kinds import KINDS
        from marketplace.panels import register_listing_panel
        from marketplace.signals import interest_declined
        from openlab.search.signals import documents_indexed

        from . import receivers, tasks
        from .panels import matches_panel

        documents_indexed.connect(tasks.documents_indexed, dispatch_uid="matching-documents-indexed")
        interest_declined.connect(receivers.interest_declined, dispatch_uid="matching-interest-declined")
        register_listing_panel(matches_panel)
        for name, kind in KINDS.items():
            post_delete.connect(receivers.listing_deleted, sender=kind.model, dispatch_uid=f"matching-deleted-{name}")
