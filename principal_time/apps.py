from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrincipalTimeConfig(AppConfig):
    name = "principal_time"
    verbose_name = _("Frigör tid")
