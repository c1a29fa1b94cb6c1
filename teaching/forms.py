"""Forms of the teaching-quality tool: they validate input and hand typed values to the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line

from .models import SCALE_MAX, SCALE_MIN

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_SEEN = ""


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class VisitForm(forms.Form):
    """One field per aspect of the rubric in force (``score_<aspect id>``), "not observed" allowed."""

    teacher = PersonChoiceField(label=_("Lärare"), queryset=None, empty_label=_("Välj lärare"))
    visited_on = forms.DateField(label=_("Datum"), widget=DATE)
    lesson = forms.CharField(label=_("Lektion"), max_length=120, required=False, validators=[validate_single_line],
                             help_text=_("Till exempel ämne och klass: Ma 7B."))
    strengths = forms.CharField(label=_("Styrkor"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    to_develop = forms.CharField(label=_("En sak att utveckla"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Läraren ser allt du skriver här."))

    def __init__(self, *args, teachers, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["teacher"].queryset = get_user_model().objects.filter(pk__in=[t.pk for t in teachers])
        self.fields["visited_on"].initial = timezone.localdate()
        choices = [(str(i), label) for i, label in enumerate(rubric.scale, start=1)]
        choices.append((NOT_SEEN, _("Inte observerat")))
        self.aspects = list(rubric.aspects.all())
        for aspect in self.aspects:
            self.fields[f"score_{aspect.pk}"] = forms.ChoiceField(
                label=aspect.title, choices=choices, required=False, widget=forms.RadioSelect, initial=NOT_SEEN,
            )

    def aspect_rows(self):
        return [(aspect, self[f"score_{aspect.pk}"]) for aspect in self.aspects]

    def clean(self):
        data = super().clean()
        scores = {}
        for aspect in self.aspects:
            value = data.get(f"score_{aspect.pk}")
            if value:
                scores[aspect.pk] = int(value)
        if not scores:
            raise forms.ValidationError(_("Bedöm minst en aspekt."))
        data["scores"] = scores
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"teacher": d["teacher"], "visited_on": d["visited_on"], "lesson": d["lesson"],
                "strengths": d["strengths"], "to_develop": d["to_develop"], "note": d["note"],
                "scores": d["scores"]}


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Din kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Rektorn som besökte lektionen ser den."))


class RubricForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200, validators=[validate_single_line])
    scale = forms.CharField(
        label=_("Skalans steg"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ett steg per rad, från lägst till högst (%(a)s–%(b)s steg).") % {"a": SCALE_MIN, "b": SCALE_MAX},
    )

    def clean_scale(self):
        steps = [s.strip() for s in self.cleaned_data["scale"].splitlines() if s.strip()]
        if not SCALE_MIN <= len(steps) <= SCALE_MAX:
            raise forms.ValidationError(_("Skalan ska ha %(a)s till %(b)s steg, ett per rad.")
                                        % {"a": SCALE_MIN, "b": SCALE_MAX})
        return steps


class AspectForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Aspekt"), max_length=120, required=False, validators=[validate_single_line])
    description = forms.CharField(label=_("Så ser det ut när det fungerar"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


AspectFormSet = forms.formset_factory(AspectForm, extra=2, max_num=20)


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Antagen den"), widget=DATE)


class PlanForm(forms.Form):
    focus = forms.MultipleChoiceField(label=_("Fokusaspekter"), required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Det ni ska bli bättre på i år, från matrisen."))
    why = forms.CharField(label=_("Varför just de här"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    effect = forms.CharField(label=_("Så ska nästa besök visa effekten"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Till exempel: medel minst 3 på formativ återkoppling vid besöken i vår."))

    def __init__(self, *args, aspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus"].choices = [(a.key, a.title) for a in aspects]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Åtgärd"), max_length=200, validators=[validate_single_line])
    owner = PersonChoiceField(label=_("Ansvarig"), queryset=None)
    due_on = forms.DateField(label=_("Klar senast"), widget=DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
