import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.scoping import TenantScopedManager


class Level(models.TextChoices):
    """The four levels of a municipality: the spine of SKR's model."""

    NAMND = "namnd", _("Nämnd (politiker)")
    FORVALTNING = "forvaltning", _("Förvaltning")
    REKTOR = "rektor", _("Rektor")
    LARARE = "larare", _("Lärare")


class MunicipalityKind(models.TextChoices):
    KOMMUN = "kommun", _("Kommun")
    ENSKILD = "enskild", _("Enskild huvudman")


class Municipality(models.Model):
    """A school organiser (huvudman): a kommun or an independent organisation. A tenant."""

    # Long enough for an independent organiser's full legal name; pages and reports wrap it.
    name = models.CharField(_("namn"), max_length=500)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=80, unique=True)
    # Kommun-kod has a meaningful leading zero (0382 Östhammar): text, never a number.
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden ska vara fyra siffror, t.ex. 0382."))],
    )
    kind = models.CharField(_("typ"), max_length=10, choices=MunicipalityKind.choices, default=MunicipalityKind.KOMMUN)
    require_mfa_for_coordinators = models.BooleanField(
        _("kräv tvåstegsverifiering för samordnare"), default=False
    )
    # Set by platform staff (admin only): the municipality's own e-mail domains. An invitation to an
    # address outside them is marked and told to the other coordinators, so that accounts invented
    # to sway a mapping (or to read it) are visible.
    email_domains = models.TextField(
        _("e-postdomäner"), blank=True,
        help_text=_("En domän per rad, t.ex. fagersta.se. Underdomäner ingår. Tomt: ingen kontroll."),
    )
    created = models.DateTimeField(auto_now_add=True)

    # Its settings (the MFA requirement) are changed by coordinators and platform staff: audited.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommun/huvudman")
        verbose_name_plural = _("kommuner/huvudmän")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="municipality_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def domain_list(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.replace(",", "\n").splitlines() if d.strip()]

    def email_is_outside(self, email: str) -> bool:
        """Is the address outside the municipality's domains (False when none are set)?"""
        domains = self.domain_list
        if not domains:
            return False
        host = email.rpartition("@")[2].strip().lower()
        return not any(host == d or host.endswith("." + d) for d in domains)


class School(models.Model):
    """A school unit (skolenhet) of a municipality."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="schools")
    name = models.CharField(_("namn"), max_length=200)
    unit_code = models.CharField(
        _("skolenhetskod"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Skolenhetskoden ska vara åtta siffror."))],
    )

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("skola")
        verbose_name_plural = _("skolor")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="school_name_unique")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in a municipality: exactly one level there, maybe a school."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="municipality_memberships"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships", verbose_name=_("skola")
    )
    is_coordinator = models.BooleanField(_("kommunsamordnare"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskap i kommun")
        verbose_name_plural = _("medlemskap i kommuner")
        ordering = ["municipality__name", "level", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="membership_one_per_municipality"),
        ]
        indexes = [models.Index(fields=["municipality", "level"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_level_display()})"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An e-mailed invitation to join a municipality at a level (and maybe as coordinator).

    allauth has no invitations; this row plus the adapter's signup hook is all it takes. The
    token is single-use and expires (INVITATION_VALID_DAYS).
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-postadress"))
    full_name = models.CharField(_("namn"), max_length=200, blank=True)
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    school = models.ForeignKey(School, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("skola"))
    is_coordinator = models.BooleanField(_("kommunsamordnare"), default=False)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set when a project leader invites a coordinator on behalf of the network.
    network = models.ForeignKey("networks.Network", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantScopedManager(municipality="municipality")
    # Who invited whom to which role is part of the audit trail; the token (the capability) is not.
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.email} → {self.municipality}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None
