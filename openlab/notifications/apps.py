from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "openlab.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from marketplace import caching
        from marketplace.cache_invalidation import watch_rows

        from .models import Notification

        watch_rows(Notification, lambda notification, _fields: [caching.unread_generation(notification.user_id)],
                   name="unread-notifications")
