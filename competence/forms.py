"""Forms of dimension 8: they validate input and hand typed values to the services."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line
from municipalities.models import Membership
from quality.forms import DATE, UserChoiceField

from .models import CheckResult, CompetenceLevel, CompetenceNeed
from .services import STAFF_LEVELS


class CompetenceForm(forms.Form):
    title = forms.CharField(label=_("Kompetens"), max_length=200, validators=[validate_single_line],
                            help_text=_("T.ex. ”Leda kollegialt lärande” eller ”Läsa och använda statistik”."))
    description = forms.CharField(label=_("Beskrivning"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistForm(forms.Form):
    lines = forms.CharField(
        label=_("Checklista"), required=False, max_length=6000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("En punkt per rad: hur det ser ut när rutinen görs med rätt kvalitet."),
    )

    def clean_lines(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["lines"].splitlines()]
        lines = [line for line in lines if line]
        for line in lines:
            if len(line) > 300:
                raise ValidationError(_("En punkt får vara högst 300 tecken."))
        return lines


class SelfAssessmentForm(forms.Form):
    """A level and a need for each competence; a competence left blank is not answered."""

    def __init__(self, *args, competences, **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = competences
        for c in competences:
            self.fields[f"level_{c.pk}"] = forms.TypedChoiceField(
                label=_("Min nivå"), coerce=int, required=False, empty_value=None,
                choices=[("", _("Inte besvarad")), *CompetenceLevel.choices])
            self.fields[f"need_{c.pk}"] = forms.TypedChoiceField(
                label=_("Mitt behov av utveckling"), coerce=int, required=False, empty_value=None,
                choices=[("", _("Inte besvarad")), *CompetenceNeed.choices])

    def rows(self):
        return [(c, self[f"level_{c.pk}"], self[f"need_{c.pk}"]) for c in self.competences]

    def clean(self):
        data = super().clean()
        for c in self.competences:
            level, need = data.get(f"level_{c.pk}"), data.get(f"need_{c.pk}")
            if (level is None) != (need is None):
                self.add_error(f"level_{c.pk}" if level is None else f"need_{c.pk}",
                               _("Ange både nivå och behov, eller lämna båda tomma."))
        return data

    def answers(self) -> dict[int, tuple[int | None, int | None]]:
        return {c.pk: (self.cleaned_data.get(f"level_{c.pk}"), self.cleaned_data.get(f"need_{c.pk}"))
                for c in self.competences}


class PlanActionForm(forms.Form):
    competence = forms.ModelChoiceField(label=_("Kompetens"), queryset=None)
    title = forms.CharField(label=_("Åtgärd"), max_length=200, validators=[validate_single_line],
                            help_text=_("T.ex. ”Två förstelärare går kursen i formativ bedömning”."))
    owner = UserChoiceField(label=_("Ansvarig"), queryset=get_user_model().objects.none())
    due_on = forms.DateField(label=_("Klart senast"), widget=DATE)

    def __init__(self, *args, competences, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = competences
        self.fields["owner"].queryset = owners


def staff_users(school):
    return get_user_model().objects.filter(
        pk__in=Membership.objects.filter(school=school, level__in=STAFF_LEVELS).values("user_id")
    ).order_by("full_name", "email")


class SessionForm(forms.Form):
    routine = forms.ModelChoiceField(label=_("Rutin"), queryset=None,
                                     help_text=_("Bara rutiner med checklista kan visas."))
    practice = forms.CharField(label=_("Vad visas?"), max_length=200, validators=[validate_single_line],
                               help_text=_("T.ex. ”Exit tickets i matematik, åk 5”."))
    presenter = UserChoiceField(label=_("Vem visar?"), queryset=get_user_model().objects.none())
    checker = UserChoiceField(label=_("Vem kontrollerar mot checklistan?"), queryset=get_user_model().objects.none())
    held_on = forms.DateField(label=_("Datum"), widget=DATE)

    def __init__(self, *args, routines, school, **kwargs):
        super().__init__(*args, **kwargs)
        from quality.models import Routine

        self.fields["routine"].queryset = Routine.objects.filter(pk__in=[r.pk for r in routines]).order_by("title")
        self.fields["presenter"].queryset = staff_users(school)
        self.fields["checker"].queryset = staff_users(school)

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate() + datetime.timedelta(days=365):
            raise ValidationError(_("Välj ett datum inom ett år."))
        return value


class CheckForm(forms.Form):
    """Each checklist point: shown, partly or not yet, with a note."""

    note = forms.CharField(label=_("Anteckning om tillfället"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=item.text, required=False, widget=forms.RadioSelect,
                choices=[*CheckResult.choices, ("", _("Inte kontrollerad"))])
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Kommentar"), required=False, max_length=500, validators=[validate_single_line])

    def rows(self):
        return [(item, self[f"result_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def results(self) -> dict[int, tuple[str, str]]:
        return {item.pk: (self.cleaned_data.get(f"result_{item.pk}") or "", self.cleaned_data.get(f"note_{item.pk}") or "")
                for item in self.items}
