from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Level

from .models import Network
from .selectors import member_municipalities


class CoordinatorInvitationForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommun"), queryset=None, empty_label=None)
    email = forms.EmailField(label=_("E-postadress"))
    full_name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Nivå"), choices=Level.choices, initial=Level.FORVALTNING)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the network's member municipalities: any other id is rejected as an invalid choice.
        self.fields["municipality"].queryset = member_municipalities(network=network)


class NetworkSettingsForm(forms.Form):
    require_mfa_for_leaders = forms.BooleanField(label=_("Kräv tvåstegsverifiering av processledare"), required=False)
    anonymity_threshold = forms.IntegerField(
        label=_("Minsta antal svar per nivå innan nivåns resultat visas"),
        min_value=2,
        max_value=50,
        help_text=_("Skyddar de svarandes anonymitet. Lägst 2, förval 3."),
    )
