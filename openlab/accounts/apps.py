from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openlab.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .sites import site_from_settings

        post_migrate.connect(site_from_settings, sender=self, dispatch_uid="accounts-site-from-settings")
