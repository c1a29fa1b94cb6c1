"""Forms of the quality work: they validate input and hand typed values to the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from core.forms import IdMultipleChoiceField
from municipalities.models import Level, Membership, School

from .models import SCHOOL_YEAR_MONTHS, EffectOutcome, EvaluationKind, EvaluationTemplate
from .services import parse_sources

DATE = forms.DateInput(attrs={"type": "date"})


def members_of(municipality):
    return get_user_model().objects.filter(
        pk__in=Membership.objects.filter(municipality=municipality).values("user_id")
    ).order_by("full_name", "email")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class UserMultipleChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class SchoolChoiceMixin:
    """A school field offering the schools the user may write for (a principal: only their own)."""

    def _set_schools(self, *, municipality, only_school_id, allow_none: bool):
        qs = School.objects.filter(municipality=municipality).order_by("name")
        field = self.fields["school"]
        if only_school_id is not None:
            field.queryset = qs.filter(pk=only_school_id)
            field.required = True
            field.empty_label = None
        else:
            field.queryset = qs
            field.required = not allow_none


class PrincipleSetForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200, initial=_("Vår vetenskapliga grund"))
    introduction = forms.CharField(label=_("Inledning"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   max_length=3000)


class PrincipleForm(forms.Form):
    title = forms.CharField(label=_("Princip"), max_length=200)
    classroom = forms.CharField(
        label=_("Så märks det i klassrummet"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000,
    )
    sources = forms.CharField(
        label=_("Forskningskällor"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        help_text=_("En källa per rad: Författare | Titel | År | Länk. År och länk kan utelämnas."),
    )

    def clean_sources(self):
        try:
            return parse_sources(self.cleaned_data["sources"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Antagen av förvaltningen den"), widget=DATE)

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Datumet för beslutet kan inte ligga i framtiden."))
        return value


def _month_choices():
    return [(m, str(MONTHS[m]).capitalize()) for m in SCHOOL_YEAR_MONTHS]


class RoutineForm(SchoolChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Vad"), max_length=200, help_text=_("Vad görs, t.ex. ”Mitterminsutvärdering”."))
    school = forms.ModelChoiceField(label=_("Gäller"), queryset=School.objects.none(), required=False,
                                    empty_label=_("Hela kommunen"))
    who_level = forms.ChoiceField(label=_("Vem: nivå"), required=False,
                                  choices=[("", _("Ingen särskild nivå")), *Level.choices])
    who_role = forms.CharField(label=_("Vem: roll"), max_length=200, required=False,
                               help_text=_("T.ex. ”förstelärare i matematik”."))
    people = UserMultipleChoiceField(label=_("Vem: namngivna personer"), queryset=get_user_model().objects.none(),
                                     required=False, widget=forms.CheckboxSelectMultiple)
    month = forms.TypedChoiceField(label=_("När: månad"), coerce=int, choices=_month_choices)
    week = forms.IntegerField(label=_("När: vecka (frivilligt)"), required=False, min_value=1, max_value=53)
    steps = forms.CharField(label=_("Hur: steg"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                            max_length=5000, help_text=_("Ett steg per rad; de blir en checklista."))

    def __init__(self, *args, municipality, only_school_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_schools(municipality=municipality, only_school_id=only_school_id, allow_none=True)
        self.fields["people"].queryset = members_of(municipality)

    def clean(self):
        data = super().clean()
        if not (data.get("who_level") or (data.get("who_role") or "").strip() or data.get("people")):
            self.add_error("who_level", _("Säg vem som gör det: en nivå, en roll eller namngivna personer."))
        return data


class TickForm(forms.Form):
    done = forms.BooleanField(label=_("Genomförd"), required=False, initial=True)
    comment = forms.CharField(label=_("Kommentar"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class EvaluationTemplateForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    headings = forms.CharField(
        label=_("Rubriker"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
        help_text=_("En rubrik per rad, gärna med en fråga: ”Resultat: Vad visar resultaten?”"),
    )


class EvaluationForm(SchoolChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=EvaluationKind.choices)
    held_on = forms.DateField(label=_("Datum"), widget=DATE)
    school = forms.ModelChoiceField(label=_("Gäller"), queryset=School.objects.none(), required=False,
                                    empty_label=_("Hela kommunen"))
    template = forms.ModelChoiceField(label=_("Mall"), queryset=EvaluationTemplate.objects.none(), required=False,
                                      empty_label=_("Ingen mall"))

    def __init__(self, *args, municipality, only_school_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_schools(municipality=municipality, only_school_id=only_school_id, allow_none=True)
        self.fields["template"].queryset = EvaluationTemplate.objects.filter(municipality=municipality)


class SectionsForm(forms.Form):
    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        for i, section in enumerate(sections):
            self.fields[f"s{i}"] = forms.CharField(
                label=section["heading"], help_text=section.get("prompt", ""), required=False, max_length=5000,
                initial=section.get("text", ""), widget=forms.Textarea(attrs={"rows": 4}),
            )

    def texts(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class ResultForm(forms.Form):
    text = forms.CharField(label=_("Resultat som spelar roll"), max_length=300)
    goal = forms.ModelChoiceField(label=_("Kopplat till mål"), queryset=None, required=False, empty_label=_("Inget"))
    indicator = forms.ModelChoiceField(label=_("Kopplat till mått"), queryset=None, required=False,
                                       empty_label=_("Inget"))

    def __init__(self, *args, municipality, **kwargs):
        from goals.models import Goal
        from indicators.selectors import indicators_for_municipality

        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(municipality=municipality).order_by("title")
        self.fields["indicator"].queryset = indicators_for_municipality(municipality=municipality).order_by("name")


class CauseForm(forms.Form):
    text = forms.CharField(label=_("Orsak"), max_length=300)
    evidence = forms.CharField(label=_("Belägg"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Vad visar att det är så: siffror, lektionsbesök, samtal."))


class ActionForm(forms.Form):
    BECOMES = [("", _("Bara en åtgärd")), ("commitment", _("Gör den till ett åtagande"))]
    text = forms.CharField(label=_("Åtgärd"), max_length=300)
    cause = forms.TypedChoiceField(label=_("Mot orsaken"), required=False, coerce=int, empty_value=None)
    expected_effect = forms.CharField(label=_("Förväntad effekt"), max_length=300)
    expected_by = forms.DateField(label=_("Effekten väntas senast"), widget=DATE)
    becomes = forms.ChoiceField(label=_("Blir"), choices=BECOMES, required=False)
    owner = forms.TypedChoiceField(label=_("Ansvarig (för ett åtagande)"), required=False, coerce=int,
                                   empty_value=None)

    def __init__(self, *args, result, municipality, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        # From the prefetched causes (quality.selectors.evaluation_chains): no query per result.
        self._causes = {c.pk: c for c in result.causes.all()}
        self.fields["cause"].choices = [("", _("Ingen särskild")), *((c.pk, c.text) for c in self._causes.values())]
        # The members are read once per page (the view passes them) rather than once per result.
        members = list(members) if members is not None else list(members_of(municipality))
        self._members = {u.pk: u for u in members}
        self.fields["owner"].choices = [("", "---------"), *((u.pk, u.full_name or u.email) for u in members)]

    def clean_owner(self):
        pk = self.cleaned_data["owner"]
        return self._members.get(pk) if pk is not None else None

    def clean_cause(self):
        pk = self.cleaned_data["cause"]
        return self._causes.get(pk) if pk is not None else None

    def clean(self):
        data = super().clean()
        if data.get("becomes") == "commitment" and not data.get("owner"):
            self.add_error("owner", _("Ett åtagande behöver en ansvarig."))
        return data


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kom effekten?"), choices=EffectOutcome.choices, widget=forms.RadioSelect)
    observed_effect = forms.CharField(label=_("Vad ser ni nu?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DialogueForm(SchoolChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    school = forms.ModelChoiceField(label=_("Med skolan"), queryset=School.objects.none(), required=False,
                                    empty_label=_("Nämnd och förvaltning"))
    starts_at = forms.DateTimeField(label=_("Börjar"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    duration_minutes = forms.IntegerField(label=_("Längd i minuter"), min_value=15, max_value=480, initial=90)
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)

    def __init__(self, *args, municipality, only_school_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_schools(municipality=municipality, only_school_id=only_school_id, allow_none=True)


class MinutesForm(forms.Form):
    agenda = forms.CharField(label=_("Dagordning"), required=False, max_length=10000,
                             widget=forms.Textarea(attrs={"rows": 10}))
    minutes = forms.CharField(label=_("Minnesanteckningar"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 10}))


class DialogueActionForm(forms.Form):
    title = forms.CharField(label=_("Överenskommen åtgärd"), max_length=200)
    owner = UserChoiceField(label=_("Ansvarig"), queryset=None)
    due_on = forms.DateField(label=_("Klar senast"), widget=DATE)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(municipality)
