"""Forms of the progression tool: they validate input; the services write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.validators import validate_single_line
from indicators.models import NationalValue, format_value, school_year_label

from .calculation import Basis
from .importer import MAX_FILE_BYTES
from .models import MeasureKind, MeasureUnit, Term


class MeasureForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=120, validators=[validate_single_line],
                           help_text=gettext_lazy("Som skolornas filer skriver det, t.ex. \"Matematik, andel A–E\"."))
    kind = forms.ChoiceField(label=gettext_lazy("Slag"), choices=MeasureKind.choices)
    unit = forms.ChoiceField(label=gettext_lazy("Enhet"), choices=MeasureUnit.choices)
    description = forms.CharField(label=gettext_lazy("Vad som mäts"), max_length=300, required=False,
                                  validators=[validate_single_line])
    national_indicator = forms.ModelChoiceField(
        label=gettext_lazy("Motsvarande mått i Skolverkets statistik"), queryset=None, required=False,
        help_text=gettext_lazy("Ger rikets förändring att jämföra med. Bara mått med värden för riket visas."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from indicators.models import Indicator

        with_national = NationalValue.objects.filter(grade__isnull=False).values("indicator_id")
        self.fields["national_indicator"].queryset = Indicator.objects.common().filter(pk__in=with_national)


class SchoolClassForm(forms.Form):
    section = forms.CharField(label=gettext_lazy("Klassens bokstav"), max_length=8, validators=[validate_single_line],
                              help_text=gettext_lazy("T.ex. A för klassen som heter 1A, 2A, 3A …"))
    cohort = forms.IntegerField(
        label=gettext_lazy("Årskull: året eleverna började årskurs 1"), min_value=2000, max_value=2100,
        help_text=gettext_lazy("Klassen följs med samma årskull från årskurs till årskurs."),
    )


class DeleteForm(forms.Form):
    """Removing takes every figure with it: the box must be ticked."""

    confirm = forms.BooleanField(label=gettext_lazy("Ja, ta bort"), required=True, error_messages={
        "required": gettext_lazy("Kryssa i rutan för att ta bort.")})

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["confirm"].label = label


class GridChoiceForm(forms.Form):
    """Which measure and term the grid shows (GET)."""

    matt = forms.TypedChoiceField(label=gettext_lazy("Mått"), coerce=int)
    lasar = forms.TypedChoiceField(label=gettext_lazy("Läsår"), coerce=int)
    termin = forms.ChoiceField(label=gettext_lazy("Termin"), choices=Term.choices)

    def __init__(self, *args, measures, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matt"].choices = [(m.pk, m.name) for m in measures]
        self.fields["lasar"].choices = [(y, school_year_label(y)) for y in years]


class GridForm(forms.Form):
    """One value and one pupil count per class; a row left empty has no figure."""

    def __init__(self, *args, classes, school_year, percent: bool, initial_results=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.classes = classes
        self.school_year = school_year
        initial_results = initial_results or {}
        limit = Decimal(100) if percent else Decimal(99999)
        for c in classes:
            name = c.name_in(school_year)
            current = initial_results.get(c.pk)
            self.fields[f"value_{c.pk}"] = forms.DecimalField(
                label=_("Värde för %(name)s") % {"name": name}, required=False, min_value=0, max_value=limit,
                max_digits=7, decimal_places=2, localize=True,
                # As Swedish text ("70", "72,5"): a normalised Decimal would show 70 as "7E+1".
                initial=format_value(current.value) if current else None,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
            )
            self.fields[f"pupils_{c.pk}"] = forms.IntegerField(
                label=_("Antal elever i %(name)s") % {"name": name}, required=False, min_value=0, max_value=999,
                initial=current.pupils if current else None,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
            )

    def rows(self):
        return [(c, c.name_in(self.school_year), self[f"value_{c.pk}"], self[f"pupils_{c.pk}"]) for c in self.classes]

    def clean(self):
        data = super().clean()
        for c in self.classes:
            value, pupils = data.get(f"value_{c.pk}"), data.get(f"pupils_{c.pk}")
            if value is not None and pupils is None and f"pupils_{c.pk}" not in self.errors:
                self.add_error(f"pupils_{c.pk}", _("Ange hur många elever värdet gäller."))
            if value is None and pupils is not None and f"value_{c.pk}" not in self.errors:
                self.add_error(f"value_{c.pk}", _("Ange ett värde, eller töm antalet elever."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Fil (CSV eller Excel)"),
                           help_text=gettext_lazy("Enligt mallen nedan, högst 2 MB."))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Filen är för stor. En resultatfil får vara högst %(max)s kB.") % {
                "max": MAX_FILE_BYTES // 1024})
        return f


class BasisForm(forms.Form):
    matt = forms.TypedChoiceField(label=gettext_lazy("Mått"), coerce=int, required=False)
    jamfor = forms.ChoiceField(label=gettext_lazy("Förväntad förändring"), choices=Basis.choices, required=False)

    def __init__(self, *args, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if measures is None:
            del self.fields["matt"]
        else:
            self.fields["matt"].choices = [(m.pk, m.name) for m in measures]


