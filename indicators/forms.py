from __future__ import annotations

import re
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


_KPI_ID = re.compile(r"^[A-Z]\d{4,6}$")
_KOMMUN_CODE = re.compile(r"^\d{4}$")


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text.strip()) if part]


class KoladaSelectionForm(forms.Form):
    """The key figures and the comparison group: one of Kolada's groups or an own list of kommuner."""

    kpis = forms.CharField(
        label=gettext_lazy("Nyckeltal (KPI-id)"), max_length=2000,
        help_text=gettext_lazy("Kolada-id för nyckeltalen, åtskilda med komma eller mellanslag, "
                               "till exempel N15428, N15505. Id:t står på nyckeltalets sida på kolada.se."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    group = forms.ChoiceField(label=gettext_lazy("Jämförelsegrupp i Kolada"), required=False)
    own_codes = forms.CharField(
        label=gettext_lazy("Eller egna jämförelsekommuner"), max_length=2000, required=False,
        help_text=gettext_lazy("Kommunkoder med fyra siffror, åtskilda med komma eller mellanslag, "
                               "till exempel 1489, 1407. Används i stället för en grupp."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {g.id: g for g in groups}
        choices = [(g.id, g.title) for g in groups]
        initial_group = (self.initial or {}).get("group")
        if initial_group and initial_group not in self.groups:
            # Kolada could not be asked (or no longer has the group): the saved choice stays.
            choices.insert(0, (initial_group, (self.initial or {}).get("group_title") or initial_group))
        self.fields["group"].choices = [("", _("Ingen grupp"))] + choices

    def clean_kpis(self) -> list[str]:
        kpis = list(dict.fromkeys(part.upper() for part in _split(self.cleaned_data["kpis"])))
        wrong = [k for k in kpis if not _KPI_ID.match(k)]
        if wrong:
            raise forms.ValidationError(_("Det här ser inte ut som Kolada-id: %(ids)s") % {"ids": ", ".join(wrong)})
        if not kpis:
            raise forms.ValidationError(_("Ange minst ett nyckeltal."))
        if len(kpis) > 50:
            raise forms.ValidationError(_("Högst 50 nyckeltal."))
        return kpis

    def clean_own_codes(self) -> list[str]:
        codes = list(dict.fromkeys(_split(self.cleaned_data["own_codes"])))
        wrong = [c for c in codes if not _KOMMUN_CODE.match(c)]
        if wrong:
            raise forms.ValidationError(_("En kommunkod har fyra siffror: %(codes)s") % {"codes": ", ".join(wrong)})
        if len(codes) > 300:
            raise forms.ValidationError(_("Högst 300 kommuner."))
        return codes

    def clean(self):
        data = super().clean()
        if data.get("group") and data.get("own_codes"):
            raise forms.ValidationError(_("Välj antingen en grupp i Kolada eller egna jämförelsekommuner, inte båda."))
        return data
