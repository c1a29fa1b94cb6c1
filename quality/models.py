"""The quality-work year (Modellen 2.0, dimensions 1, 2, 5 and 6) as working tools.

1 Vetenskaplig grund: ``PrincipleSet`` (a version: draft, then adopted), its ``Principle``s with
  ``Source``s, and each member's ``Confirmation`` (kvittens) of an adopted version.
2 Rutiner och årsklocka: ``Routine`` (what, who, when, how) and each school year's
  ``RoutineTask``s, dated, with an owner, ticked done with a comment.
5 Analysarbete: ``EvaluationTemplate`` (the municipality's headings), ``Evaluation`` and its
  causal chains as rows: ``AnalysedResult`` → ``Cause`` → ``Action`` (expected effect by when,
  observed effect asked at the next evaluation).
6 Kvalitetsdialoger: ``Dialogue`` with agenda, minutes and agreed commitments.
A generated PDF (the poster, a dialogue's record, the årsklocka) is a ``QualityDocument`` row the
worker fills, as reports.Report.

Every row belongs to one municipality (a school's content carries the school too). Principle
sets, routines and evaluation templates can be shared with networks as examples
(``shared_with_network_at``) and copied; a copy names its origin in ``copied_from_label``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.scoping import TenantScopedManager
from municipalities.models import Level

# The school year's months in the order the årsklocka draws them: August to June (July is off).
SCHOOL_YEAR_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6)


def _private_storage():
    return storages["private"]


def _document_file_name(instance: QualityDocument, filename: str) -> str:
    return f"quality/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class SharedExample(models.Model):
    """What principle sets, routines and evaluation templates have in common as examples.

    They are shared per network (access.visibility): a ``<Model>Share`` row per network, in the
    ``shares`` relation, as goals and mappings are.
    """

    # "Kopia av … från Östhammars kommun": kept as text, so the copy stays readable if the
    # original is changed or removed, and no row of another tenant is referenced.
    copied_from_label = models.CharField(_("kopierad från"), max_length=400, blank=True)

    class Meta:
        abstract = True


def _share_model(name: str, target: str, label: str, label_plural: str):
    """A ``<target>Share`` model: one row per network the example is shared with."""

    class Meta:
        verbose_name = label
        verbose_name_plural = label_plural
        ordering = ["shared_at", "pk"]
        constraints = [models.UniqueConstraint(fields=[target, "network"], name=f"quality_{target}_share_unique")]

    attrs = {
        "__module__": __name__,
        "Meta": Meta,
        target: models.ForeignKey(target.title().replace("_", ""), on_delete=models.CASCADE, related_name="shares"),
        "network": models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("nätverk")),
        "shared_at": models.DateTimeField(_("delad"), default=timezone.now),
        "shared_by": models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+"),
        "objects": TenantScopedManager(municipality=f"{target}__municipality", network="network"),
        "__str__": lambda self: f"{getattr(self, target + '_id')} → {self.network_id}",
    }
    return type(name, (models.Model,), attrs)


# --- 1 Vetenskaplig grund ------------------------------------------------------------------------

class PrincipleSet(SharedExample):
    """One version of the organisation's scientific basis: a draft until förvaltning adopts it."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="principle_sets"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    introduction = models.TextField(_("inledning"), blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    adopted_on = models.DateField(_("antagen"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("vetenskaplig grund")
        verbose_name_plural = _("vetenskapliga grunder")
        ordering = ["-version", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "version"], name="quality_principle_set_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None


class Principle(models.Model):
    principle_set = models.ForeignKey(PrincipleSet, on_delete=models.CASCADE, related_name="principles")
    title = models.CharField(_("princip"), max_length=200)
    classroom = models.TextField(_("så märks det i klassrummet"))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = TenantScopedManager(municipality="principle_set__municipality")

    class Meta:
        verbose_name = _("princip")
        verbose_name_plural = _("principer")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Source(models.Model):
    """A research source behind a principle (author, title, year, link)."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="sources")
    author = models.CharField(_("författare"), max_length=200)
    title = models.CharField(_("titel"), max_length=300)
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1800), MaxValueValidator(2100)], null=True, blank=True
    )
    url = models.URLField(_("länk"), blank=True)

    objects = TenantScopedManager(municipality="principle__principle_set__municipality")

    class Meta:
        verbose_name = _("källa")
        verbose_name_plural = _("källor")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.title}"


class Confirmation(models.Model):
    """A member's kvittens: "jag har läst och diskuterat" this adopted version."""

    principle_set = models.ForeignKey(PrincipleSet, on_delete=models.CASCADE, related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    objects = TenantScopedManager(municipality="principle_set__municipality")

    class Meta:
        verbose_name = _("kvittens")
        verbose_name_plural = _("kvittenser")
        constraints = [models.UniqueConstraint(fields=["principle_set", "user"], name="quality_confirm_once")]

    def __str__(self) -> str:
        return f"{self.principle_set_id}:{self.user_id}"


# --- 2 Rutiner och årsklocka ---------------------------------------------------------------------

class Routine(SharedExample):
    """"Så här gör vi": what, who, when (a month, maybe a week, of the school year) and how."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="routines")
    # Empty: the whole municipality's routine; set: one school's.
    school = models.ForeignKey(
        "municipalities.School", on_delete=models.CASCADE, null=True, blank=True, related_name="routines",
        verbose_name=_("skola"),
    )
    title = models.CharField(_("vad"), max_length=200)
    who_level = models.CharField(_("vem (nivå)"), max_length=12, choices=Level.choices, blank=True)
    who_role = models.CharField(_("vem (roll)"), max_length=200, blank=True)
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("vem (personer)"))
    month = models.PositiveSmallIntegerField(_("månad"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    week = models.PositiveSmallIntegerField(
        _("vecka"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(53)]
    )
    steps = models.TextField(_("hur (ett steg per rad)"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("rutin")
        verbose_name_plural = _("rutiner")
        ordering = ["month", "week", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(month=7), name="quality_routine_not_july"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def step_list(self) -> list[str]:
        return [s.strip() for s in self.steps.splitlines() if s.strip()]

    @property
    def school_year_position(self) -> int:
        """0 for August … 10 for June: the order of the school year."""
        return SCHOOL_YEAR_MONTHS.index(self.month)


class RoutineTask(models.Model):
    """A routine made concrete for one school year: a date, an owner, done or not."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="tasks")
    # The autumn's calendar year: 2026 is the school year 2026/27.
    school_year = models.PositiveSmallIntegerField(_("läsår"))
    due_on = models.DateField(_("senast"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="routine_tasks",
        verbose_name=_("ansvarig"),
    )
    done_on = models.DateField(_("klar"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    comment = models.TextField(_("kommentar"), max_length=2000, blank=True)

    objects = TenantScopedManager(municipality="routine__municipality")

    class Meta:
        verbose_name = _("uppgift")
        verbose_name_plural = _("uppgifter")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["routine", "school_year", "owner"], name="quality_task_once_per_owner"),
        ]
        indexes = [models.Index(fields=["owner", "done_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.routine} {self.due_on}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def done_in_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.due_on

    def is_overdue(self, today=None) -> bool:
        return self.done_on is None and self.due_on < (today or timezone.localdate())


# --- 5 Analysarbete ------------------------------------------------------------------------------

class EvaluationKind(models.TextChoices):
    MIDTERM = "mittermin", _("Mitterminsutvärdering")
    TERM = "termin", _("Terminsutvärdering")
    YEAR = "lasar", _("Läsårsutvärdering")


class EvaluationTemplate(SharedExample):
    """The municipality's headings for an evaluation, one per line ("Rubrik: fråga")."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="evaluation_templates"
    )
    name = models.CharField(_("namn"), max_length=200)
    headings = models.TextField(_("rubriker (en per rad, ”Rubrik: fråga”)"))
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("mall för utvärdering")
        verbose_name_plural = _("mallar för utvärdering")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def heading_list(self) -> list[tuple[str, str]]:
        out = []
        for line in self.headings.splitlines():
            if line.strip():
                heading, _sep, prompt = line.partition(":")
                out.append((heading.strip(), prompt.strip()))
        return out


class Evaluation(models.Model):
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="evaluations")
    school = models.ForeignKey(
        "municipalities.School", on_delete=models.CASCADE, null=True, blank=True, related_name="evaluations",
        verbose_name=_("skola"),
    )
    kind = models.CharField(_("typ"), max_length=10, choices=EvaluationKind.choices)
    held_on = models.DateField(_("datum"))
    title = models.CharField(_("rubrik"), max_length=200)
    template = models.ForeignKey(
        EvaluationTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("mall")
    )
    # [{"heading": …, "prompt": …, "text": …}]: the template's headings as they were, answered.
    sections = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class AnalysedResult(models.Model):
    """A result that matters, linked to a goal, an indicator or a mapping statement."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    text = models.CharField(_("resultat"), max_length=300)
    goal = models.ForeignKey("goals.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("mål"))
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("mått"))
    statement = models.ForeignKey("reviews.Statement", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("kartläggningens påstående"))
    position = models.PositiveSmallIntegerField(default=0)

    objects = TenantScopedManager(municipality="evaluation__municipality")

    class Meta:
        verbose_name = _("resultat")
        verbose_name_plural = _("resultat")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Cause(models.Model):
    result = models.ForeignKey(AnalysedResult, on_delete=models.CASCADE, related_name="causes")
    text = models.CharField(_("orsak"), max_length=300)
    evidence = models.TextField(_("belägg"), max_length=2000)

    objects = TenantScopedManager(municipality="result__evaluation__municipality")

    class Meta:
        verbose_name = _("orsak")
        verbose_name_plural = _("orsaker")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class EffectOutcome(models.TextChoices):
    CAME = "kom", _("Effekten kom")
    PARTLY = "delvis", _("Delvis")
    NOT = "uteblev", _("Effekten uteblev")


class Action(models.Model):
    """The action chosen for a cause, the effect expected by when, and what was observed."""

    result = models.ForeignKey(AnalysedResult, on_delete=models.CASCADE, related_name="actions")
    cause = models.ForeignKey(Cause, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
                              verbose_name=_("orsak"))
    text = models.CharField(_("åtgärd"), max_length=300)
    commitment = models.ForeignKey("commitments.Commitment", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("åtagande"))
    routine = models.ForeignKey(Routine, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("rutin"))
    expected_effect = models.CharField(_("förväntad effekt"), max_length=300)
    expected_by = models.DateField(_("när"))
    observed_effect = models.TextField(_("observerad effekt"), max_length=2000, blank=True)
    outcome = models.CharField(_("kom effekten?"), max_length=10, choices=EffectOutcome.choices, blank=True)
    # The evaluation at which the effect was followed up.
    observed_in = models.ForeignKey(Evaluation, on_delete=models.SET_NULL, null=True, blank=True, related_name="followed_up")

    objects = TenantScopedManager(municipality="result__evaluation__municipality")

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["expected_by", "pk"]

    def __str__(self) -> str:
        return self.text


# --- 6 Kvalitetsdialoger -------------------------------------------------------------------------

class Dialogue(models.Model):
    """A quality dialogue: förvaltning with a principal (a school), or the board with förvaltning."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="dialogues")
    school = models.ForeignKey(
        "municipalities.School", on_delete=models.CASCADE, null=True, blank=True, related_name="dialogues",
        verbose_name=_("skola"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    starts_at = models.DateTimeField(_("börjar"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("längd i minuter"), default=90, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    place = models.CharField(_("plats"), max_length=200, blank=True)
    agenda = models.TextField(_("dagordning"), blank=True)
    minutes = models.TextField(_("minnesanteckningar"), blank=True)
    commitments = models.ManyToManyField("commitments.Commitment", blank=True, related_name="+",
                                         verbose_name=_("överenskomna åtgärder"))
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("kvalitetsdialog")
        verbose_name_plural = _("kvalitetsdialoger")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title


# --- Generated files -----------------------------------------------------------------------------

class DocumentKind(models.TextChoices):
    POSTER = "poster", _("Affisch: vetenskaplig grund (A3)")
    DIALOGUE = "dialog", _("Kvalitetsdialog")
    YEAR_CLOCK = "arsklocka", _("Årsklocka")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Skapas")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


class QualityDocument(models.Model):
    """A PDF of the quality work: the view creates the row, the worker fills it."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("typ"), max_length=12, choices=DocumentKind.choices)
    principle_set = models.ForeignKey(PrincipleSet, on_delete=models.CASCADE, null=True, blank=True, related_name="documents")
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, null=True, blank=True, related_name="documents")
    school = models.ForeignKey("municipalities.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(storage=_private_storage, upload_to=_document_file_name, blank=True)
    error = models.TextField(blank=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == DocumentStatus.DONE and bool(self.file)


# --- Sharing with networks (access.visibility: one row per network) ------------------------------

PrincipleSetShare = _share_model("PrincipleSetShare", "principle_set", _("vetenskaplig grund delad med nätverk"),
                                 _("vetenskapliga grunder delade med nätverk"))
RoutineShare = _share_model("RoutineShare", "routine", _("rutin delad med nätverk"), _("rutiner delade med nätverk"))
EvaluationTemplateShare = _share_model("EvaluationTemplateShare", "evaluation_template",
                                       _("utvärderingsmall delad med nätverk"), _("utvärderingsmallar delade med nätverk"))
