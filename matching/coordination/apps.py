from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """Pairings, the review queue, introductions, messages, outcomes and the dashboard: the layer
    above the matching engine, which it follows through ``matching.signals``."""

    name = "matching.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self):
        from django.db.models.signals import pre_delete

        from marketplace.kinds import KINDS
        from marketplace.panels import (
            register_attachment_reader,
            register_contact_revealer,
            register_interest_panel,
            register_workspace_panel,
        )
        from marketplace.signals import pair_became_mutual
        from matching.signals import matches_stored
        from openlab.accounts.privacy import register_personal_data

        from . import privacy, receivers
        from .models import PairingMessage

        matches_stored.connect(receivers.sync_pairings, dispatch_uid="coordination-sync-pairings")
        register_attachment_reader(PairingMessage, receivers.can_read_message)
        register_contact_revealer(receivers.revealed_needs)
        register_workspace_panel(receivers.workspace_introductions)
        register_interest_panel(receivers.interest_connection)
        pair_became_mutual.connect(receivers.pair_became_mutual, dispatch_uid="coordination-pair-became-mutual")
        register_personal_data("messages", privacy.messages_of)
        register_personal_data("introductions_as_contact", privacy.introductions_of)
        for name, kind in KINDS.items():
            pre_delete.connect(receivers.protect_paired_listing, sender=kind.model,
                               dispatch_uid=f"coordination-protect-{name}")
