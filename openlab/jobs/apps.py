from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "openlab.jobs"
    label = "jobs"
    verbose_name = _("Background work")

    def ready(self):
        from . import signals  # noqa: F401  (marks jobs done when their task succeeds)
