from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Kvalitetsarbete")

    def ready(self) -> None:
        from . import start  # noqa: F401  (registers the start page's overdue routine tasks)
