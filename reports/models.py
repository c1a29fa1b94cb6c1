import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope

TENANT_DIMENSIONS = ("municipality", "network")


class EitherTenantManager(models.Manager):
    """django-scopes' ScopedManager for rows that belong to a municipality *or* a network.

    ScopedManager ANDs its dimensions, which would hide every network-owned row inside a
    municipality scope (its municipality is NULL). Here a row is in scope when its municipality
    or its network is; outside any scope the query refuses to run, as ScopedManager does.
    """

    def get_queryset(self):
        current = get_scope()
        queryset = super().get_queryset()
        if not current.get("_enabled", True):
            return queryset
        present = [d for d in TENANT_DIMENSIONS if d in current]
        if not present:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes=set(TENANT_DIMENSIONS))
        condition = Q(pk__in=[])
        for dimension in present:
            value = current[dimension]
            if value is None:
                return queryset
            values = list(value) if isinstance(value, list | tuple) else [value]
            condition |= Q(**{f"{dimension}__in": values})
        return queryset.filter(condition)


def _private_storage():
    return storages["private"]


def _report_file_name(instance: "Report", filename: str) -> str:
    # A generated name: nothing about the tenant or the user leaks into the file system.
    return f"reports/{instance.created:%Y/%m}/{uuid.uuid4().hex}.pdf"


class ReportKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Lägesrapport för kommunen")
    NETWORK = "network", _("Nätverksrapport")
    MEETING = "meeting", _("Sammanfattning av nätverksträff")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Skapas")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


ACTIVE_STATUSES = (ReportStatus.QUEUED, ReportStatus.RUNNING)


class Report(models.Model):
    """A generated PDF is a row: the view creates it, the worker fills it (pretix-style).

    Old reports are kept: they are the record of what the board or the network saw.
    """

    kind = models.CharField(_("typ"), max_length=20, choices=ReportKind.choices)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    # A meeting summary is about the network meeting that ends a round.
    round = models.ForeignKey(
        "networks.Round", on_delete=models.CASCADE, null=True, blank=True, related_name="reports",
        verbose_name=_("omgång"),
    )
    period_start = models.DateField(_("från"))
    period_end = models.DateField(_("till"))
    title = models.CharField(_("titel"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=_private_storage, upload_to=_report_file_name, blank=True)
    error = models.TextField(_("felmeddelande"), blank=True)
    # What the report was rendered from (sha256 of its inputs): two reports with the same hash
    # show the same data.
    inputs_hash = models.CharField(max_length=64, blank=True)
    # Same kind, tenant, round and period: at most one such report is queued or running.
    dedupe_key = models.CharField(max_length=120, editable=False)

    objects = EitherTenantManager()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(network__isnull=True))
                | (Q(municipality__isnull=True) & Q(network__isnull=False)),
                name="report_one_tenant",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"),
            models.CheckConstraint(
                condition=~Q(kind="meeting") | Q(round__isnull=False), name="report_meeting_has_round"
            ),
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=Q(status__in=["queued", "running"]), name="report_one_active"
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.period_start}–{self.period_end}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE and bool(self.file)

    @property
    def download_name(self) -> str:
        tenant = self.municipality.slug if self.municipality_id else self.network.slug
        if self.kind == ReportKind.MEETING and self.round_id:
            # Named after its meeting (its period is the meeting's day).
            return f"natverkstraff-{self.round.number}-{tenant}-{self.period_start:%Y%m%d}.pdf"
        return f"{self.kind}-{tenant}-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}.pdf"


class CycleFigure(models.Model):
    """SKR's cycle figure for a municipality or a network, drawn by the worker and stored.

    Pages and reports show ``svg``; when the inputs' hash changes a task draws it again. The
    drawing has words in it, so there is one per language: a page shows the reader's, the PDF
    report (always Swedish) the Swedish one.
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="cycle_figures"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="cycle_figures"
    )
    language = models.CharField(max_length=8, default="sv")
    svg = models.TextField(blank=True)
    inputs_hash = models.CharField(max_length=64, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EitherTenantManager()

    class Meta:
        verbose_name = _("cykelfigur")
        verbose_name_plural = _("cykelfigurer")
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(network__isnull=True))
                | (Q(municipality__isnull=True) & Q(network__isnull=False)),
                name="cycle_figure_one_tenant",
            ),
            models.UniqueConstraint(
                fields=["municipality", "language"], condition=Q(municipality__isnull=False),
                name="cycle_figure_one_per_municipality_language",
            ),
            models.UniqueConstraint(
                fields=["network", "language"], condition=Q(network__isnull=False),
                name="cycle_figure_one_per_network_language",
            ),
        ]

    def __str__(self) -> str:
        return f"Cykelfigur {self.municipality or self.network}"
