from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Kartläggningar")

    def ready(self) -> None:
        from . import start  # noqa: F401  (registers the start-page task provider)
