from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line

from .models import COMMENT_MAX_LENGTH, Answer, ScaleStep, Statement, Template
from .services import AnswerInput, StatementEdit

DONT_KNOW = "vet-inte"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MappingOpenForm(forms.Form):
    template = forms.ModelChoiceField(queryset=Template.objects.none(), label=_("Mall"), empty_label=None)
    title = forms.CharField(label=_("Rubrik"), max_length=200, validators=[validate_single_line])
    round = forms.ModelChoiceField(
        queryset=None, label=_("Omgång i nätverket"), required=False, empty_label=_("Ingen omgång"),
        help_text=_("En kartläggning i en omgångs hemmafas redovisas på omgångens nätverksträff."),
    )
    opens_on = forms.DateField(label=_("Öppnar"), widget=DateInput())
    closes_on = forms.DateField(label=_("Sista dag att svara"), widget=DateInput())

    def __init__(self, *args, templates, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["round"].queryset = rounds
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", today + datetime.timedelta(days=21))

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("Sista dag måste vara samma dag som eller efter första dag."))
        if closes_on and closes_on < timezone.localdate():
            self.add_error("closes_on", _("Sista dag kan inte ha passerat redan."))
        return data


class AnswerForm(forms.Form):
    """One radio group (plus "vet inte") and one comment per statement shown on the page."""

    def __init__(
        self,
        *args,
        statements: list[Statement],
        scale: list[ScaleStep],
        allows_dont_know: bool,
        existing: dict[int, Answer],
        comment_label: str,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.statements = statements
        choices = [(str(step.value), f"{step.value} – {step.label}" if len(scale) > 2 else step.label) for step in scale]
        if allows_dont_know:
            choices.append((DONT_KNOW, _("Vet inte")))
        for st in statements:
            answer = existing.get(st.pk)
            initial = None
            if answer is not None:
                initial = DONT_KNOW if answer.dont_know else (str(answer.value) if answer.value is not None else None)
            self.fields[f"value_{st.pk}"] = forms.ChoiceField(
                label=st.text,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=initial,
                error_messages={"invalid_choice": _("Välj ett av alternativen på skalan.")},
            )
            self.fields[f"comment_{st.pk}"] = forms.CharField(
                label=comment_label,
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                initial=answer.comment if answer is not None else "",
                error_messages={
                    "max_length": _("Kommentaren får vara högst %(limit_value)d tecken (den har %(show_value)d).")
                },
            )

    def rows(self):
        for st in self.statements:
            yield st, self[f"value_{st.pk}"], self[f"comment_{st.pk}"]

    def answers(self) -> list[AnswerInput]:
        out = []
        for st in self.statements:
            raw = self.cleaned_data.get(f"value_{st.pk}") or ""
            out.append(
                AnswerInput(
                    statement_id=st.pk,
                    value=int(raw) if raw and raw != DONT_KNOW else None,
                    dont_know=raw == DONT_KNOW,
                    comment=(self.cleaned_data.get(f"comment_{st.pk}") or "").strip(),
                )
            )
        return out


class TemplateForm(forms.Form):
    """A network's template: name, description, scale labels, statements (one blank to add)."""

    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, template: Template, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.initial.setdefault("name", template.name)
        self.initial.setdefault("description", template.description)
        self.steps = list(template.scale_steps.order_by("value"))
        for step in self.steps:
            self.fields[f"scale_{step.value}"] = forms.CharField(
                label=_("Skalsteg %(value)s") % {"value": step.value}, max_length=100, initial=step.label
            )
        self.statements = list(template.statements.select_related("area").order_by("position", "pk"))
        for st in self.statements:
            self.fields[f"text_{st.pk}"] = forms.CharField(
                label=_("Påstående %(n)s") % {"n": st.position}, max_length=300, initial=st.text
            )
            self.fields[f"prompt_{st.pk}"] = forms.CharField(
                label=_("Att diskutera"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=st.discussion_prompt,
            )
            self.fields[f"delete_{st.pk}"] = forms.BooleanField(label=_("Ta bort påståendet"), required=False)
        self.fields["new_text"] = forms.CharField(label=_("Nytt påstående"), max_length=300, required=False)
        self.fields["new_prompt"] = forms.CharField(
            label=_("Att diskutera (nytt påstående)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )

    def clean(self):
        data = super().clean()
        kept = [st for st in self.statements if not data.get(f"delete_{st.pk}")]
        if not kept and not data.get("new_text"):
            raise forms.ValidationError(_("En mall behöver minst ett påstående."))
        return data

    def step_fields(self):
        return [self[f"scale_{s.value}"] for s in self.steps]

    def statement_rows(self):
        for st in self.statements:
            yield st, self[f"text_{st.pk}"], self[f"prompt_{st.pk}"], self[f"delete_{st.pk}"]

    def edits(self) -> list[StatementEdit]:
        data = self.cleaned_data
        edits = [
            StatementEdit(
                pk=st.pk, text=data[f"text_{st.pk}"], area_id=st.area_id,
                discussion_prompt=data.get(f"prompt_{st.pk}", ""), delete=bool(data.get(f"delete_{st.pk}")),
            )
            for st in self.statements
        ]
        if data.get("new_text"):
            edits.append(StatementEdit(pk=None, text=data["new_text"], discussion_prompt=data.get("new_prompt", "")))
        return edits

    def scale_labels(self) -> dict[int, str]:
        return {s.value: self.cleaned_data[f"scale_{s.value}"] for s in self.steps}
