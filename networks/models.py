from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Network(models.Model):
    """A working network (arbetande nätverk) of municipalities. A tenant."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=80, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    require_mfa_for_leaders = models.BooleanField(_("kräv tvåstegsverifiering för processledare"), default=False)
    # A level's figures in a mapping are shown only with at least this many answers (never below 2).
    agreed_rounds = models.PositiveSmallIntegerField(
        _("överenskommet antal omgångar"), default=4, validators=[MinValueValidator(1)]
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("minsta antal svar per nivå"), default=3, validators=[MinValueValidator(2)]
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nätverk")
        verbose_name_plural = _("nätverk")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(anonymity_threshold__gte=2), name="network_threshold_min_2")
        ]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    """A municipality taking part in a network, from a date."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="network_memberships"
    )
    joined_on = models.DateField(_("gick med"))

    objects = ScopedManager(network="network")

    class Meta:
        verbose_name = _("kommun i nätverk")
        verbose_name_plural = _("kommuner i nätverk")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "municipality"], name="network_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} i {self.network}"


class ProjectLeader(models.Model):
    """A person who runs a network (processledare)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="project_leaders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_leaderships")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(network="network")

    class Meta:
        verbose_name = _("processledare")
        verbose_name_plural = _("processledare")
        ordering = ["user__full_name"]
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="project_leader_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.network})"


class Round(models.Model):
    """One round (omgång) of a network: a home phase followed by a network meeting.

    The meeting of a round is planned by the project leaders (the meetings issue adds it). Which
    round and phase a municipality is in is derived from dates, never typed in.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("omgång nummer"), validators=[MinValueValidator(1)])
    home_phase_starts = models.DateField(_("hemmafasen börjar"))
    title = models.CharField(_("tema"), max_length=200, blank=True)

    objects = ScopedManager(network="network")

    class Meta:
        verbose_name = _("omgång")
        verbose_name_plural = _("omgångar")
        ordering = ["network", "number"]
        constraints = [models.UniqueConstraint(fields=["network", "number"], name="round_number_unique")]

    def __str__(self) -> str:
        return f"{self.network} – omgång {self.number}"
