"""Read-API tokens: a secret that reads one tenant's figures, for Power BI or Excel (issue 19).

Only the SHA-256 digest of the secret is stored. The secret is 32 random bytes, so a fast hash is
enough (there is nothing to guess from a list of common values); the digest is what a request's
token is looked up by. The secret is shown once, when the token is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import single_line_constraint, validate_single_line
from reports.models import EitherTenantManager


class ApiToken(models.Model):
    """A token of one municipality (made by its coordinator) or one network (by its project leader)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens"
    )
    name = models.CharField(_("namn"), max_length=100, validators=[validate_single_line])
    # The first characters of the secret, shown in the list so that a token can be told apart.
    prefix = models.CharField(_("början av nyckeln"), max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("skapad av")
    )
    created = models.DateTimeField(_("skapad"), default=timezone.now)
    expires_on = models.DateField(_("gäller till och med"))
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("återkallad av"),
    )
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    objects = EitherTenantManager()

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False, network__isnull=True)
                | models.Q(municipality__isnull=True, network__isnull=False),
                name="api_token_one_tenant",
            ),
            single_line_constraint("name", name="api_token_name_single_line"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and self.expires_on >= today
