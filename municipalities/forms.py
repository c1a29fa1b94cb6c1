from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level, Municipality, School


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-postadress"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    full_name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Nivå"), choices=Level.choices)
    school = forms.ModelChoiceField(
        label=_("Skola"), queryset=School.objects.none(), required=False, empty_label=_("Ingen skola")
    )
    is_coordinator = forms.BooleanField(label=_("Kommunsamordnare (får bjuda in och administrera)"), required=False)

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this municipality's schools: another municipality's school id is "not a valid choice".
        self.fields["school"].queryset = School.objects.filter(municipality=municipality)


class MunicipalitySettingsForm(forms.Form):
    require_mfa_for_coordinators = forms.BooleanField(
        label=_("Kräv tvåstegsverifiering av kommunsamordnare"),
        required=False,
        help_text=_("Samordnare utan tvåstegsverifiering ombeds slå på det innan de kommer vidare."),
    )
