from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "openlab.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Notification
        from .services import unread_changed

        def changed(sender, instance, raw=False, **kwargs):
            if not raw:
                unread_changed(instance.user_id)

        post_save.connect(changed, sender=Notification, weak=False, dispatch_uid="unread-notifications-save")
        post_delete.connect(changed, sender=Notification, weak=False, dispatch_uid="unread-notifications-delete")
