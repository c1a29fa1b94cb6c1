"""Indicators (mått), measurements (utfall) and the national comparison series.

- :class:`Indicator` is a catalogue row: the same indicator ("Andel (%) som fått godkänt betyg i
  alla ämnen", all organisers) is measured in every municipality. A *common* indicator (no owner)
  is seen by everyone; one that a tenant's upload created (a column the importer had not seen)
  belongs to that municipality or network, and nobody else sees it until platform staff make it
  common (the admin action, :func:`indicators.services.indicator_make_common`). The grade
  lives on the measurement, not on the indicator, so that one indicator can be followed across
  grades (a cohort in grade 6 in 2020/21 is in grade 9 in 2023/24).
- :class:`Measurement` is a municipality's (or one of its schools') value for a school year and a
  grade. A suppressed value keeps its marker (``.``, ``..``, ``~100``) and never a number.
- :class:`NationalValue` is the national series for comparison (Riket), when a file has it.

School years are stored as the spring year: 2023/24 is ``2024`` (see :func:`school_year_label`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.scoping import TenantScopedManager
from municipalities.models import Municipality, School
from reports.models import EitherTenantManager


def school_year_label(spring_year: int) -> str:
    """2024 -> '2023/24'."""
    return f"{spring_year - 1}/{spring_year % 100:02d}"


def format_value(value: Decimal | None) -> str:
    """Decimal('84.30') -> '84,3' (Swedish decimal comma, no trailing zeros)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


class Unit(models.TextChoices):
    """Kept apart: a share is never summed with a count, nor an average with full-time posts."""

    PERCENT = "percent", _("procent")
    POINTS = "points", _("poäng")
    COUNT = "count", _("antal")
    AVERAGE = "average", _("genomsnitt")
    FTE = "fte", _("heltidstjänster")


class Direction(models.TextChoices):
    UP = "up", _("högre är bättre")
    DOWN = "down", _("lägre är bättre")
    NONE = "none", _("ingen riktning (beskrivande)")


class OrganiserType(models.TextChoices):
    """Typ av huvudman, as Skolverket's tables name it ('' = not stated)."""

    ALL = "Samtliga", _("Samtliga huvudmän")
    MUNICIPAL = "Kommunal", _("Kommunal")
    INDEPENDENT = "Enskild", _("Enskild")
    STATE = "Statlig", _("Statlig")


class GenderGroup(models.TextChoices):
    ALL = "Totalt", _("Totalt")
    GIRLS = "Flickor", _("Flickor")
    BOYS = "Pojkar", _("Pojkar")


class SuppressedMarker(models.TextChoices):
    """Skolverket's markers for a value that is not shown. None of them is a number."""

    MISSING = ".", _(". (uppgift saknas)")
    TOO_FEW = "..", _(".. (för få elever för att visas)")
    NEAR_100 = "~100", _("~100 (nära 100 %, dolt av sekretesskäl)")


class Source(models.TextChoices):
    IMPORT = "import", _("import")
    MANUAL = "manual", _("inmatat för hand")


class IndicatorQuerySet(models.QuerySet):
    def common(self) -> IndicatorQuerySet:
        return self.filter(owner_municipality__isnull=True, owner_network__isnull=True)

    def visible_to(self, *, municipality_ids: Iterable[int] = (), network_ids: Iterable[int] = ()) -> IndicatorQuerySet:
        """The common indicators and those owned by one of these tenants."""
        return self.filter(
            Q(owner_municipality__isnull=True, owner_network__isnull=True)
            | Q(owner_municipality__in=list(municipality_ids))
            | Q(owner_network__in=list(network_ids))
        )


class Indicator(models.Model):
    """A measure that can be followed over time, e.g. a share of pupils with passing grades.

    ``key`` identifies the indicator across imports: it is derived from the measure's column or
    row header, organiser type, subject and gender group (``indicators.importer.engine.indicator_key``),
    so that a newer export of the same table lands on the same indicator. The key is unique per
    owner: two tenants that upload the same unknown column each get their own indicator.
    """

    key = models.CharField(_("nyckel"), max_length=255)
    name = models.CharField(_("namn"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    direction = models.CharField(_("önskad riktning"), max_length=5, choices=Direction.choices, default=Direction.UP)
    # Skolverket also reports e.g. "Internationella skolor": the choices name the common ones,
    # the importer keeps whatever the table says.
    organiser_type = models.CharField(
        _("typ av huvudman"), max_length=40, choices=OrganiserType.choices, blank=True
    )
    # Only for an indicator that exists for a single grade; imported indicators leave it empty
    # because their grade is on each measurement.
    grade = models.PositiveSmallIntegerField(_("årskurs"), null=True, blank=True)
    subject = models.CharField(_("ämne"), max_length=100, blank=True)
    gender_group = models.CharField(_("könsgrupp"), max_length=10, choices=GenderGroup.choices, blank=True)
    source_table = models.CharField(_("källtabell"), max_length=300, blank=True)
    # Who created it by an upload; both empty = common to every tenant.
    owner_municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="own_indicators",
        verbose_name=_("ägs av kommunen"),
    )
    owner_network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="own_indicators",
        verbose_name=_("ägs av nätverket"),
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("mått")
        verbose_name_plural = _("mått")
        ordering = ["name", "subject", "organiser_type", "gender_group"]
        constraints = [
            models.UniqueConstraint(
                F("key"), Coalesce(F("owner_municipality"), Value(0)), Coalesce(F("owner_network"), Value(0)),
                name="indicator_key_unique_per_owner",
            ),
            models.CheckConstraint(
                condition=Q(owner_municipality__isnull=True) | Q(owner_network__isnull=True),
                name="indicator_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_common(self) -> bool:
        return self.owner_municipality_id is None and self.owner_network_id is None

    @property
    def label(self) -> str:
        """The name with what tells it apart from its siblings: subject, gender, organiser type."""
        extra = [p for p in (self.subject, self.gender_group if self.gender_group != GenderGroup.ALL else "") if p]
        if self.organiser_type and self.organiser_type != OrganiserType.ALL:
            extra.append(str(self.get_organiser_type_display()).lower())
        return f"{self.name} ({', '.join(extra)})" if extra else self.name


class ValueDisplay:
    """How a (school year, value or marker) reads in Swedish; for the plain value objects that the
    importer and the selectors pass around (``school_year``, ``value`` and ``marker`` attributes)."""

    school_year: int
    value: Decimal | None
    marker: str

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def display_value(self) -> str:
        return self.marker or format_value(self.value)


class _ValueMixin(models.Model):
    """A value or a suppression marker, never both; shared by Measurement and NationalValue."""

    school_year = models.PositiveSmallIntegerField(_("läsår (vårterminens år)"))
    grade = models.PositiveSmallIntegerField(_("årskurs"), null=True, blank=True)
    value = models.DecimalField(_("värde"), max_digits=12, decimal_places=2, null=True, blank=True)
    suppressed_marker = models.CharField(
        _("prickning"), max_length=4, choices=SuppressedMarker.choices, blank=True
    )
    source_file = models.CharField(_("källfil"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def is_suppressed(self) -> bool:
        return bool(self.suppressed_marker)

    @property
    def display_value(self) -> str:
        """The value as Swedish text (decimal comma) or the marker itself."""
        if self.suppressed_marker:
            return self.suppressed_marker
        return format_value(self.value)

    def clean(self) -> None:
        if self.suppressed_marker and self.value is not None:
            raise ValidationError(_("Ange antingen ett värde eller en prickning, inte båda."))
        if not self.suppressed_marker and self.value is None:
            raise ValidationError(_("Ange ett värde eller en prickning."))


def _value_xor_marker(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(value__isnull=True) & ~Q(suppressed_marker="")) | (Q(value__isnull=False) & Q(suppressed_marker="")),
        name=name,
    )


class Measurement(_ValueMixin):
    """A municipality's (or school's) value of an indicator for a school year and grade."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("mått")
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="measurements")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="measurements", verbose_name=_("skola")
    )
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices, default=Source.IMPORT)
    # The title of the table this value was imported from ("Källa: Kolada" for Kolada's); '' when
    # entered by hand. The indicator's own source_table names only the first table that had it,
    # and one indicator is followed across tables and grades (grade 6, then grade 9 over time).
    source_table = models.CharField(_("källtabell"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    objects = TenantScopedManager(municipality="municipality")
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        ordering = ["indicator_id", "school_year", "grade"]
        constraints = [
            # NULL school (the whole municipality) and NULL grade (e.g. "årskurs 1-9") must
            # collide with themselves, which a plain unique constraint would not do.
            models.UniqueConstraint(
                F("indicator"), F("municipality"), Coalesce(F("school"), Value(0)), F("school_year"),
                Coalesce(F("grade"), Value(0)),
                name="measurement_unique_per_year_grade",
            ),
            _value_xor_marker("measurement_value_xor_marker"),
        ]
        indexes = [models.Index(fields=["municipality", "indicator", "school_year"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.school_year_label}: {self.display_value}"

    def clean(self) -> None:
        super().clean()
        if self.school_id and self.municipality_id and self.school.municipality_id != self.municipality_id:
            raise ValidationError({"school": _("Skolan hör inte till kommunen.")})


class NationalValue(_ValueMixin):
    """The national value (Riket) of an indicator: a comparison series, not tenant data."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="national_values")

    class Meta:
        verbose_name = _("värde för riket")
        verbose_name_plural = _("värden för riket")
        ordering = ["indicator_id", "school_year", "grade"]
        constraints = [
            models.UniqueConstraint(
                F("indicator"), F("school_year"), Coalesce(F("grade"), Value(0)),
                name="nationalvalue_unique_per_year_grade",
            ),
            _value_xor_marker("nationalvalue_value_xor_marker"),
        ]

    def __str__(self) -> str:
        return f"Riket {self.indicator} {self.school_year_label}: {self.display_value}"



def _private_storage():
    return storages["private"]


def _import_file_name(instance: StatisticsImport, filename: str) -> str:
    # A generated name: neither the tenant nor the user's file name reaches the file system.
    return f"statistik-importer/{uuid.uuid4().hex}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    READING = "reading", _("Läser filen")
    PREVIEW = "preview", _("Förhandsgranskning klar")
    NEEDS_GRADE = "needs_grade", _("Årskurs behövs")
    SAVING = "saving", _("Sparar")
    DONE = "done", _("Importerad")
    FAILED = "failed", _("Avvisad")
    CANCELLED = "cancelled", _("Avbruten")


# The worker has work to do on the row: the page polls while it is in one of these.
IMPORT_ACTIVE_STATUSES = (ImportStatus.QUEUED, ImportStatus.READING, ImportStatus.SAVING)


class StatisticsImport(models.Model):
    """One upload of a statistics file: the view creates the row, the worker reads it (preview,
    a dry run of the real import), the person confirms, the worker saves. Like reports' Report.

    The file stays in private storage only until the import is done, failed or cancelled; the
    row stays as the record of what was imported, by whom, and what the importer said.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="statistics_imports"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="statistics_imports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("filnamn"), max_length=200)
    file = models.FileField(storage=_private_storage, upload_to=_import_file_name, blank=True)
    size = models.PositiveIntegerField(_("storlek (byte)"), default=0)
    grade = models.PositiveSmallIntegerField(_("årskurs"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    # Set when the person chose "Importera": the worker's next run saves instead of previewing.
    confirmed = models.BooleanField(default=False)
    progress = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    summary = models.JSONField(_("sammanfattning"), default=dict, blank=True)
    error = models.TextField(_("felmeddelande"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = EitherTenantManager()  # a row of a municipality or of a network

    class Meta:
        verbose_name = _("statistikimport")
        verbose_name_plural = _("statistikimporter")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(network__isnull=True))
                | (Q(municipality__isnull=True) & Q(network__isnull=False)),
                name="statisticsimport_one_tenant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in IMPORT_ACTIVE_STATUSES
