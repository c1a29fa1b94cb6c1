from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.models import Municipality, School

from .importer.parse import MAX_FILE_BYTES, BadValue, parse_cell, spring_year, too_large_message
from .models import Indicator, OrganiserType, SuppressedMarker, Unit
from .selectors import indicators_visible

GRADE_CHOICES = [("", gettext_lazy("Välj årskurs"))] + [(str(g), str(g)) for g in range(1, 10)]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil från Skolverket"),
        help_text=gettext_lazy("CSV- eller Excel-fil (.xlsx) som du laddat ner från Skolverkets statistik, högst 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(too_large_message(upload.size))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".xls")):
            raise forms.ValidationError(_("Filen ska vara en CSV-fil eller en Excel-fil (.xlsx)."))
        return upload


class ConfirmForm(forms.Form):
    """The preview's form: the grade, when neither the table nor the file name states it."""

    grade = forms.TypedChoiceField(
        label=gettext_lazy("Årskurs"), choices=GRADE_CHOICES, coerce=int, required=False, empty_value=None,
        help_text=gettext_lazy("Tabellen och filnamnet säger inte vilken årskurs värdena gäller."),
    )

    def __init__(self, *args, needs_grade: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.needs_grade = needs_grade
        if needs_grade:
            self.fields["grade"].required = True
            self.fields["grade"].error_messages["required"] = _("Ange vilken årskurs värdena i filen gäller.")
        else:
            self.fields["grade"].widget = forms.HiddenInput()


class _ValueForm(forms.Form):
    """Shared cleaning: a value or a marker, never both; a value fits the indicator's unit."""

    value = forms.CharField(
        label=gettext_lazy("Värde"), required=False, max_length=20,
        help_text=gettext_lazy("Med decimalkomma, t.ex. 84,3. Lämna tomt om värdet är prickat."),
    )
    marker = forms.ChoiceField(
        label=gettext_lazy("Prickning"), required=False,
        choices=[("", gettext_lazy("Ingen – värdet visas"))] + list(SuppressedMarker.choices),
        help_text=gettext_lazy("Skolverkets markering när värdet inte visas. Ett prickat värde sparas aldrig som ett tal."),
    )

    def indicator_for_validation(self) -> Indicator | None:
        raise NotImplementedError

    def clean_value(self) -> Decimal | None:
        text = self.cleaned_data.get("value", "")
        try:
            value, marker = parse_cell(text)
        except BadValue as exc:
            raise forms.ValidationError(_("”%(v)s” är inte ett tal. Skriv t.ex. 84,3.") % {"v": text}) from exc
        if marker:
            raise forms.ValidationError(_("Välj prickningen i fältet Prickning i stället för att skriva den här."))
        return value

    def clean(self):
        cleaned = super().clean()
        value, marker = cleaned.get("value"), cleaned.get("marker")
        if "value" in self.errors:
            return cleaned
        if value is not None and marker:
            self.add_error("marker", _("Ange antingen ett värde eller en prickning, inte båda."))
        elif value is None and not marker:
            self.add_error("value", _("Ange ett värde, eller välj en prickning om värdet inte visas."))
        indicator = self.indicator_for_validation()
        if value is not None and indicator is not None:
            if indicator.unit == Unit.PERCENT and not (0 <= value <= 100):
                self.add_error("value", _("En andel i procent ska ligga mellan 0 och 100."))
            elif value < 0:
                self.add_error("value", _("Värdet kan inte vara negativt."))
            elif abs(value) >= Decimal("1e10"):
                self.add_error("value", _("Värdet är för stort."))
        return cleaned


class MeasurementForm(_ValueForm):
    field_order = ["indicator", "school", "school_year", "grade", "value", "marker"]

    indicator = forms.ModelChoiceField(label=gettext_lazy("Mått"), queryset=Indicator.objects.none())
    school = forms.ModelChoiceField(
        label=gettext_lazy("Skola"), queryset=School.objects.none(), required=False,
        empty_label=gettext_lazy("Hela kommunen"),
    )
    school_year = forms.CharField(
        label=gettext_lazy("Läsår"), max_length=7, help_text=gettext_lazy("Som 2023/24 (vårterminen 2024)."),
    )
    grade = forms.TypedChoiceField(
        label=gettext_lazy("Årskurs"), coerce=int, required=False, empty_value=None,
        choices=[("", gettext_lazy("Ingen enskild årskurs"))] + [(str(g), str(g)) for g in range(1, 10)],
    )

    def __init__(self, *args, municipality: Municipality, network_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Common indicators and the municipality's (and its networks') own: never another's.
        self.fields["indicator"].queryset = indicators_visible(municipality=municipality, network_ids=network_ids)
        self.fields["indicator"].label_from_instance = lambda i: i.label
        self.fields["school"].queryset = School.objects.filter(municipality=municipality)

    def indicator_for_validation(self) -> Indicator | None:
        return self.cleaned_data.get("indicator")

    def clean_school_year(self) -> int:
        text = self.cleaned_data["school_year"].strip().replace("-", "/")
        year = spring_year(text)
        if year is None:
            raise forms.ValidationError(_("Skriv läsåret som 2023/24."))
        if not 1990 <= year <= 2100:
            raise forms.ValidationError(_("Läsåret ligger utanför det rimliga."))
        return year


class CorrectionForm(_ValueForm):
    def __init__(self, *args, indicator: Indicator, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def indicator_for_validation(self) -> Indicator | None:
        return self.indicator


class StatisticsFilterForm(forms.Form):
    """The statistics page's choice: whole municipality or one school, and the organiser type.
    The view binds it with what it resolved (an organiser type the chosen school has no values for
    falls back to one it has), so the selects always show options and the one shown."""

    skola = forms.ChoiceField(label=gettext_lazy("Skola"), required=False)
    organiser_type = forms.ChoiceField(label=gettext_lazy("Typ av huvudman"), required=False)

    def __init__(self, *args, organiser_types: list[str], schools=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The stored value is Skolverket's word; the label is the translated one.
        labels = dict(OrganiserType.choices)
        self.fields["organiser_type"].choices = [(o, labels.get(o, o) or _("Ej angiven")) for o in organiser_types]
        self.fields["skola"].choices = [("", _("Hela kommunen"))] + [(str(s.pk), s.name) for s in schools]
        if not schools:
            del self.fields["skola"]
