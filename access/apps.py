from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Åtkomst")

    def ready(self) -> None:
        # Every save and delete bumps the data version of its tenant (access.cache).
        from . import checks, invalidation  # noqa: F401 (checks registers itself)

        invalidation.connect()
