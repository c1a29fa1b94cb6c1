"""Forms of principals' time: they validate input and hand typed values to the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line

from .models import KINDS, FreedKind


def _hours_field(label, *, min_value=Decimal(0), max_value=Decimal(80), required=True, help_text=""):
    # A number pad on a phone; halves of an hour are the finest step anyone logs.
    return forms.DecimalField(
        label=label, min_value=min_value, max_value=max_value, max_digits=4, decimal_places=1,
        required=required, help_text=help_text, localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 5}),
    )


class WeekLogForm(forms.Form):
    """Hours by kind of work; an empty field is 0."""

    note = forms.CharField(label=_("Kommentar (valfri)"), max_length=300, required=False,
                           validators=[validate_single_line])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {k: _hours_field(label, required=False) for k, label in KINDS}
        # The kinds first, the comment last.
        self.fields = {**fields, "note": self.fields["note"]}

    def hours(self) -> dict[str, Decimal]:
        return {k: self.cleaned_data.get(k) or Decimal(0) for k, _label in KINDS}


class TargetForm(forms.Form):
    hours = _hours_field(_("Mål: timmar i veckan för pedagogiskt ledarskap"), min_value=Decimal("0.5"),
                         max_value=Decimal(60))
    valid_from = forms.DateField(label=_("Gäller från och med"), widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Målet gäller från måndagen den veckan."))
    note = forms.CharField(label=_("Hur målet togs fram (valfritt)"), max_length=300, required=False,
                           validators=[validate_single_line],
                           help_text=_("Till exempel: överenskommet i kvalitetsdialogen i oktober."))


class FreedForm(forms.Form):
    title = forms.CharField(label=_("Vad har du slutat med eller delegerat?"), max_length=200,
                            validators=[validate_single_line])
    kind = forms.ChoiceField(label=_("Slutat med eller delegerat"), choices=FreedKind.choices,
                             widget=forms.RadioSelect, initial=FreedKind.REMOVED)
    delegated_to = forms.CharField(label=_("Delegerat till (om delegerat)"), max_length=200, required=False,
                                   validators=[validate_single_line], help_text=_("En roll, inte ett namn: till exempel ”biträdande rektor”."))
    hours = _hours_field(_("Frigjorda timmar i veckan"), min_value=Decimal("0.5"), max_value=Decimal(40))
    since = forms.DateField(label=_("Från och med"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("kind") == FreedKind.DELEGATED and not (data.get("delegated_to") or "").strip():
            self.add_error("delegated_to", _("Skriv vem uppgiften är delegerad till."))
        return data
