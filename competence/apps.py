from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = _("Kompetens och Visa & berätta")
