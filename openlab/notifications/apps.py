from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "openlab.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from openlab.accounts.privacy import register_erasure, register_personal_data
        from openlab.accounts.signed_in import register_user_column

        from . import privacy, selectors

        register_personal_data("notifications", privacy.notifications_of)
        register_erasure(privacy.erase)
        register_user_column(selectors.UNREAD, selectors.user_unread_sql)
