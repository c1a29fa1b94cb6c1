from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import IdMultipleChoiceField
from core.validators import validate_single_line
from indicators.models import GenderGroup, Indicator, OrganiserType, school_year_label
from indicators.selectors import indicators_visible, measurement_series
from municipalities.models import Level, Municipality, School
from reviews.models import Statement

from .models import AREA_SUGGESTIONS, SCHOOL_LEVELS, Goal
from .services import goal_check_placement, goal_indicator_check_values


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AreaInput(forms.TextInput):
    """Free text with suggestions (a <datalist>, see templates/goals/form.html): any subject fits."""

    def __init__(self):
        super().__init__(attrs={"list": "area-suggestions", "autocomplete": "off"})


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        where = f", {obj.school.name}" if obj.school_id else ""
        return f"{obj.title} ({obj.get_level_display()}{where})"


def _parent_queryset(municipality: Municipality, goal: Goal | None):
    qs = Goal.objects.filter(municipality=municipality).select_related("school").order_by("title")
    return qs.exclude(pk=goal.pk) if goal is not None else qs


def statement_choices(*, network_ids: tuple[int, ...]):
    """Current statements of the shipped templates and of the municipality's networks' own copies."""
    return (
        Statement.objects.filter(template__superseded_at__isnull=True)
        .filter(Q(template__network__isnull=True) | Q(template__network_id__in=network_ids))
        .select_related("template", "area")
        .order_by("template__name", "area__position", "position", "pk")
    )


def _statement_label(statement: Statement) -> str:
    return f"{statement.template.name}: {statement.short_label or statement.text}"


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200, validators=[validate_single_line])
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad ska eleverna nå, och hur hänger målet ihop med styrning och ledning?"),
    )
    area = forms.CharField(
        label=_("Område eller ämne"), max_length=100, widget=AreaInput(),
        help_text=_("Till exempel Matematik eller Trygghet och studiero."),
    )
    level = forms.ChoiceField(label=_("Nivå som äger målet"), choices=Level.choices)
    school = forms.ModelChoiceField(
        label=_("Skola"), queryset=School.objects.none(), required=False, empty_label=_("Ingen skola (hela kommunen)"),
        help_text=_("Bara för skolmål och lärarlagsmål."),
    )
    parent = ParentChoiceField(
        label=_("Hör till målet"), queryset=Goal.objects.none(), required=False, empty_label=_("Inget (ett övergripande mål)"),
        help_text=_("Målet i nivån ovanför som detta mål bidrar till."),
    )
    starts_on = forms.DateField(label=_("Startdatum"), widget=DateInput())
    target_on = forms.DateField(label=_("Måldatum"), widget=DateInput())
    statements = IdMultipleChoiceField(
        label=_("Målsättningar som målet tjänar"), queryset=Statement.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Styrningens målsättningar i kartläggningsmallarna, till exempel Gemensam ledning."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, municipality: Municipality, goal: Goal | None = None, only_school_id: int | None = None,
        network_ids: tuple[int, ...] = (), **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.goal = goal
        schools = School.objects.filter(municipality=municipality)
        if only_school_id is not None:
            # A principal works on their own school's goals only.
            schools = schools.filter(pk=only_school_id)
            self.fields["level"].choices = [(v, label) for v, label in Level.choices if v in SCHOOL_LEVELS]
            self.fields["school"].required = True
            self.fields["school"].empty_label = None
        self.fields["school"].queryset = schools
        self.fields["parent"].queryset = _parent_queryset(municipality, goal)
        self.fields["statements"].queryset = statement_choices(network_ids=network_ids)
        self.fields["statements"].label_from_instance = _statement_label
        self.area_suggestions = AREA_SUGGESTIONS

    def clean(self):
        data = super().clean()
        if {"level", "parent"} <= data.keys() and "school" not in self.errors:
            try:
                goal_check_placement(
                    municipality=self.municipality, goal=self.goal, level=data["level"],
                    school=data.get("school"), parent=data.get("parent"),
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        if data.get("starts_on") and data.get("target_on") and data["target_on"] < data["starts_on"]:
            self.add_error("target_on", _("Måldatumet kan inte ligga före startdatumet."))
        return data

    def goal_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200, validators=[validate_single_line])
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    area = forms.CharField(label=_("Område eller ämne"), max_length=100, widget=AreaInput())
    parent = ParentChoiceField(
        label=_("Hör till målet"), queryset=Goal.objects.none(), required=False, empty_label=_("Inget"),
        help_text=_("Skolans eller förvaltningens mål som lärarlagets mål bidrar till."),
    )
    starts_on = forms.DateField(label=_("Startdatum"), widget=DateInput())
    target_on = forms.DateField(label=_("Måldatum"), widget=DateInput())

    def __init__(self, *args, municipality: Municipality, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.school = school
        self.fields["parent"].queryset = _parent_queryset(municipality, None).exclude(level=Level.LARARE)
        self.area_suggestions = AREA_SUGGESTIONS

    def clean(self):
        data = super().clean()
        if "parent" in data and not self.errors.get("parent"):
            try:
                goal_check_placement(
                    municipality=self.municipality, goal=None, level=Level.LARARE, school=self.school, parent=data.get("parent")
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        if data.get("starts_on") and data.get("target_on") and data["target_on"] < data["starts_on"]:
            self.add_error("target_on", _("Måldatumet kan inte ligga före startdatumet."))
        return data


class AdoptionForm(forms.Form):
    adopted_on = forms.DateField(label=_("Datum för nämndens beslut"), widget=DateInput())
    paragraph = forms.CharField(
        label=_("Paragraf i protokollet"), max_length=40, help_text=_("Till exempel § 45."),
    )


def school_year_choices() -> list[tuple[int, str]]:
    this_spring = timezone.localdate().year + (1 if timezone.localdate().month >= 7 else 0)
    return [(y, school_year_label(y)) for y in range(this_spring + 8, 2009, -1)]


# What Skolverket's "typ av huvudman" means, in words a politician reads without a glossary.
ORGANISER_WORDS = {
    OrganiserType.ALL: _("alla skolor i kommunen, kommunala och fristående"),
    OrganiserType.MUNICIPAL: _("bara kommunens egna skolor"),
    OrganiserType.INDEPENDENT: _("bara fristående skolor"),
    OrganiserType.STATE: _("statliga skolor"),
}


def indicator_choices(indicators) -> list[tuple[str, list[tuple[int, str]]]]:
    """The indicators grouped by Skolverket's table and subject (an <optgroup> each), each
    option saying which pupils and which schools it counts, in words."""
    groups: dict[str, list[tuple[str, int, str]]] = {}
    for i in indicators:
        group = " – ".join(p for p in (i.source_table or str(_("Egna mått")), i.subject) if p)
        label = i.name
        if i.gender_group and i.gender_group != GenderGroup.ALL:
            label += f", {i.get_gender_group_display().lower()}"
        if i.organiser_type:
            label += f" – {ORGANISER_WORDS.get(i.organiser_type, i.organiser_type)}"
        # All pupils before girls and boys; Samtliga before Kommunal before Enskild.
        gender = 0 if i.gender_group in ("", GenderGroup.ALL) else 1 + list(GenderGroup.values).index(i.gender_group)
        order = list(OrganiserType.values).index(i.organiser_type) if i.organiser_type in OrganiserType.values else 9
        groups.setdefault(group, []).append((f"{i.name}|{gender}|{order}", i.pk, label))
    return [
        (group, [(pk, label) for _key, pk, label in sorted(options)])
        for group, options in sorted(groups.items())
    ]


class IndicatorLinkForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Mått"), queryset=Indicator.objects.none(),
        help_text=_(
            "Måtten är ordnade efter Skolverkets tabell och ämne. Samtliga = alla skolor i kommunen, kommunala och "
            "fristående; Kommunal = bara kommunens egna skolor; Enskild = bara fristående skolor."
        ),
    )
    grade = forms.TypedChoiceField(
        label=_("Årskurs"), coerce=int, empty_value=None, required=False,
        choices=[("", _("Ingen årskurs (hela skolan)"))] + [(g, _("Årskurs %(g)s") % {"g": g}) for g in range(1, 10)],
        help_text=_("Den årskurs som målet följs i, till exempel 9 för betygen när eleverna går ut grundskolan."),
    )
    baseline_year = forms.TypedChoiceField(label=_("Utgångsvärdet gäller läsåret"), coerce=int)
    baseline_value = forms.DecimalField(
        label=_("Utgångsvärde"), max_digits=12, decimal_places=2, localize=True, required=False,
        help_text=_("Lämna tomt så hämtas det sparade värdet för läsåret och årskursen ur statistiken."),
    )
    target_value = forms.DecimalField(label=_("Målvärde"), max_digits=12, decimal_places=2, localize=True)
    target_year = forms.TypedChoiceField(label=_("Målvärdet ska nås läsåret"), coerce=int)

    def __init__(self, *args, municipality, network_ids=(), link=None, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.link = link
        self.municipality = municipality
        self.school = school
        # Common indicators and the municipality's own: never one another tenant's upload created.
        visible = indicators_visible(municipality=municipality, network_ids=network_ids)
        self.fields["indicator"].queryset = visible
        self.fields["indicator"].choices = [("", "–")] + indicator_choices(visible)
        for name in ("baseline_year", "target_year"):
            self.fields[name].choices = [("", "–")] + school_year_choices()
        for name in ("baseline_value", "target_value"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal"})
        if link is not None:
            # The indicator and grade are what the link is; changing them is a new link.
            del self.fields["indicator"]
            del self.fields["grade"]

    def clean(self):
        data = super().clean()
        indicator = self.link.indicator if self.link is not None else data.get("indicator")
        if indicator is not None and data.get("baseline_value") is None and data.get("baseline_year"):
            self._baseline_from_statistics(data, indicator)
        needed = ("baseline_value", "baseline_year", "target_value", "target_year")
        if indicator is not None and all(data.get(n) is not None for n in needed):
            try:
                goal_indicator_check_values(indicator=indicator, **{n: data[n] for n in needed})
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def _baseline_from_statistics(self, data: dict, indicator: Indicator) -> None:
        """An empty baseline is the stored value of the chosen school year (and grade)."""
        grade = self.link.grade if self.link is not None else data.get("grade")
        year = data["baseline_year"]
        stored = next((
            point for point in measurement_series(
                indicator=indicator, municipality=self.municipality, school=self.school, grade=grade
            ) if point.school_year == year
        ), None)
        if stored is not None and stored.value is not None:
            data["baseline_value"] = stored.value
        elif stored is not None:
            self.add_error("baseline_value", _(
                "Värdet för läsåret %(year)s är prickat i statistiken (%(marker)s). Skriv in ett utgångsvärde eller "
                "välj ett annat läsår."
            ) % {"year": school_year_label(year), "marker": stored.marker})
        else:
            self.add_error("baseline_value", _(
                "Det finns inget sparat värde för läsåret %(year)s och årskursen. Skriv in utgångsvärdet eller välj ett "
                "annat läsår."
            ) % {"year": school_year_label(year)})
