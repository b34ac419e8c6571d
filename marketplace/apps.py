from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from django.db.models.signals import post_delete

        from openlab.accounts.privacy import register_erasure, register_personal_data
        from openlab.accounts.signed_in import register_user_rows
        from openlab.search.signals import documents_indexed

        from . import after_write, checks, privacy, selectors, tasks  # noqa: F401 (checks registers itself)
        from .kinds import KINDS
        from .models import Membership, Organization
        from .search_documents import register_kinds

        register_kinds()
        register_personal_data("memberships", privacy.memberships_of)
        register_personal_data("interests_sent", privacy.interests_sent_by)
        register_personal_data("saved_searches", privacy.saved_searches_of)
        register_erasure(privacy.erase)
        register_user_rows(selectors.MEMBERSHIPS, (Membership, Organization), selectors.memberships_select,
                           selectors.memberships_join)
        documents_indexed.connect(tasks.documents_indexed, dispatch_uid="marketplace-saved-searches")
        for name, kind in KINDS.items():
            post_delete.connect(after_write.listing_deleted, sender=kind.model, dispatch_uid=f"deleted-{name}")
