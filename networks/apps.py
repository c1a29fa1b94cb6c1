from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Nätverk")

    def ready(self) -> None:
        from . import start_tasks  # noqa: F401  (registers the start page's meeting task)
