from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from openlab.accounts.privacy import register_erasure, register_personal_data

        from . import privacy
        from .search_documents import register_kinds

        register_kinds()
        register_personal_data("memberships", privacy.memberships_of)
        register_personal_data("interests_sent", privacy.interests_sent_by)
        register_erasure(privacy.erase)
