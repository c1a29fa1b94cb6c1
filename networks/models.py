from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.scoping import TenantScopedManager
from core.validators import single_line_constraint, validate_single_line
from municipalities.models import Level


class Network(models.Model):
    """A working network (arbetande nätverk) of municipalities. A tenant."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=80, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    require_mfa_for_leaders = models.BooleanField(_("kräv tvåstegsverifiering för processledare"), default=False)
    agreed_rounds = models.PositiveSmallIntegerField(
        _("överenskommet antal omgångar"), default=4, validators=[MinValueValidator(1)]
    )
    # The anonymity rule's group size for mappings opened from now on (reviews.aggregation); each
    # mapping keeps the value it opened with. Default 5, never below 3.
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("anonymitetsgräns"), default=5, validators=[MinValueValidator(3)]
    )
    created = models.DateTimeField(auto_now_add=True)

    # Its settings (anonymity threshold, MFA requirement) are audited, whoever changes them.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nätverk")
        verbose_name_plural = _("nätverk")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(anonymity_threshold__gte=3), name="network_threshold_min_3")
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

    objects = TenantScopedManager(network="network")
    history = HistoricalRecords()  # which municipalities a network's leaders see: audited

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

    objects = TenantScopedManager(network="network")
    history = HistoricalRecords()  # a role: who gave it, and when, is in the audit trail

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
    title = models.CharField(_("tema"), max_length=200, blank=True, validators=[validate_single_line])

    objects = TenantScopedManager(network="network")

    class Meta:
        verbose_name = _("omgång")
        verbose_name_plural = _("omgångar")
        ordering = ["network", "number"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="round_number_unique"),
            single_line_constraint("title", name="round_title_single_line"),
        ]

    def __str__(self) -> str:
        return f"{self.network} – omgång {self.number}"


class Meeting(models.Model):
    """The network meeting (nätverksträff) that ends a round. Planned by the project leaders."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="meeting", verbose_name=_("omgång"))
    starts = models.DateTimeField(_("börjar"))
    ends = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=300, blank=True)
    video_link = models.URLField(_("videolänk"), blank=True)
    # One agenda item per line: the agenda is read and printed, never queried item by item.
    agenda = models.TextField(_("dagordning"), blank=True, help_text=_("En punkt per rad."))
    invitations_sent_at = models.DateTimeField(_("inbjudan skickad"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(network="round__network")

    class Meta:
        verbose_name = _("nätverksträff")
        verbose_name_plural = _("nätverksträffar")
        ordering = ["starts"]
        constraints = [models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")), name="meeting_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.round} – träff {self.starts:%Y-%m-%d}"

    @property
    def network_id(self) -> int:
        return self.round.network_id

    @property
    def has_begun(self) -> bool:
        """Begun (or over): home-made commitments are presented to the network from then on."""
        return self.starts <= timezone.now()

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Group(models.Model):
    """A mixed group (blandad grupp) at a meeting: people of all levels from different municipalities."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("grupp nummer"), validators=[MinValueValidator(1)])
    room = models.CharField(_("rum"), max_length=120, blank=True)

    objects = TenantScopedManager(network="meeting__round__network")

    class Meta:
        verbose_name = _("blandad grupp")
        verbose_name_plural = _("blandade grupper")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="group_number_unique")]

    def __str__(self) -> str:
        return f"Grupp {self.number}"


class Registration(models.Model):
    """One person's registration for a meeting, with the level they come as; also a walk-in.

    A walk-in without an account has no user, only a name. Attendance and group placement are
    kept on the registration so the meeting's lists are one query.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="meeting_registrations"
    )
    name = models.CharField(_("namn"), max_length=200)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="meeting_registrations"
    )
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    attended = models.BooleanField(_("närvarade"), default=False)
    walk_in = models.BooleanField(_("kom utan anmälan"), default=False)
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = TenantScopedManager(network="meeting__round__network")

    class Meta:
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        ordering = ["municipality__name", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=models.Q(user__isnull=False), name="registration_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality}) – {self.meeting}"


class CalendarFeed(models.Model):
    """A person's secret calendar-feed address: calendar apps cannot sign in, so the token is the key."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kalenderflöde")
        verbose_name_plural = _("kalenderflöden")

    def __str__(self) -> str:
        return f"Kalender för {self.user}"
