from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        # Register the tasks in every process (web included): reports.services sends them by name
        # so that it never imports reports.tasks, which imports it.
        from . import tasks  # noqa: F401
