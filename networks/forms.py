import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import IdMultipleChoiceField
from core.validators import validate_single_line
from municipalities.models import Level

from .models import Network
from .selectors import member_municipalities, municipalities_without_coordinator


class ShareForm(forms.Form):
    """Which of the municipality's networks see a goal or a mapping's result (one per network).

    It starts with the networks shared with already; when there are none, with the one network
    the municipality is in, or ``preferred`` (the network of a mapping's round). ``networks``: the
    rows of ``network_ids`` by name, when the caller has read them (anything with a ``pk`` whose
    ``str`` is the name: Network rows, or the results page's plain ones).
    """

    networks = IdMultipleChoiceField(
        label=_("Nätverk som ser det"), queryset=Network.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args, network_ids, shared_ids, preferred_id: int | None = None,
        networks: list | None = None, **kwargs,
    ):
        super().__init__(*args, **kwargs)
        ids = list(network_ids)
        field = self.fields["networks"]
        if networks is None or self.is_bound:
            # Only the municipality's networks: any other id is an invalid choice.
            field.queryset = Network.objects.filter(pk__in=ids).order_by("name")
        if networks is not None:
            # Those networks' rows, read already (by name): the choices come from them instead
            # of a second read of the same rows through a server-side cursor (Django's
            # ModelChoiceIterator). A posted choice is still checked against the queryset; a
            # form only shown never builds one (issue 18: the results page with nothing cached).
            field.choices = [(n.pk, str(n)) for n in networks]
        self._network_ids = ids
        if shared_ids:
            field.initial = list(shared_ids)
        elif preferred_id in ids:
            field.initial = [preferred_id]
        elif len(ids) == 1:
            field.initial = ids

    @property
    def has_choices(self) -> bool:
        # The ids are the municipality's networks (its context): each is a row, no query needed.
        return bool(self._network_ids)


class CoordinatorInvitationForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=None,
        empty_label=None,
        help_text=_("Bara kommuner som ännu saknar samordnare. Sedan utser kommunens samordnare nya samordnare."),
    )
    email = forms.EmailField(label=_("E-postadress"))
    full_name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Nivå"), choices=Level.choices, initial=Level.FORVALTNING)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        # Only member municipalities without a coordinator: a leader invites a municipality's
        # first coordinator and nothing else (issue 12); any other id is an invalid choice.
        self.fields["municipality"].queryset = municipalities_without_coordinator(network=network)


class NetworkSettingsForm(forms.Form):
    require_mfa_for_leaders = forms.BooleanField(label=_("Kräv tvåstegsverifiering av processledare"), required=False)
    anonymity_threshold = forms.IntegerField(
        label=_("Anonymitetsgräns för kartläggningar"),
        min_value=3,
        max_value=50,
        help_text=_(
            "Ingen ska kunna lära sig något om en annan persons svar annat än som ett faktum om minst så här "
            "många. En nivås siffror visas när gränsen plus en har svarat. Lägst 3, förval 5. Gäller "
            "kartläggningar som öppnas från nu; en öppnad kartläggning behåller sin gräns."
        ),
    )
    agreed_rounds = forms.IntegerField(
        label=_("Överenskommet antal omgångar"),
        min_value=1,
        max_value=50,
        help_text=_("Hur många omgångar (hemmafas och nätverksträff) nätverket har kommit överens om."),
    )


# --- Rounds and meetings -------------------------------------------------------------------------


class RoundForm(forms.Form):
    home_phase_starts = forms.DateField(
        label=_("Hemmafasen börjar"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    title = forms.CharField(label=_("Tema (valfritt)"), max_length=200, required=False, validators=[validate_single_line])


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    starts_at = forms.TimeField(label=_("Börjar klockan"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends_at = forms.TimeField(label=_("Slutar klockan"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Plats"), max_length=300, required=False, help_text=_("Adress och lokal."))
    video_link = forms.URLField(
        label=_("Videolänk"), required=False, assume_scheme="https", help_text=_("Om träffen är digital eller kan följas på distans.")
    )
    agenda = forms.CharField(
        label=_("Dagordning"), required=False, widget=forms.Textarea(attrs={"rows": 6}), help_text=_("En punkt per rad.")
    )
    send_invitations = forms.BooleanField(
        label=_("Skicka inbjudan med e-post till alla i nätverkets kommuner"), required=False
    )

    def meeting_times(self) -> tuple[datetime.datetime, datetime.datetime]:
        tz = timezone.get_current_timezone()
        day = self.cleaned_data["date"]
        return (
            timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["starts_at"]), tz),
            timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["ends_at"]), tz),
        )


class RegisterOthersForm(forms.Form):
    """A coordinator registers people of their own municipality."""

    people = IdMultipleChoiceField(
        label=_("Anmäl personer från din kommun"), queryset=None, widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, memberships_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = memberships_queryset
        self.fields["people"].label_from_instance = lambda m: f"{m.user.full_name or m.user.email} ({m.get_level_display()})"


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=None,
        empty_label=None,
        help_text=_("Bara kommuner som ännu saknar samordnare. Sedan utser kommunens samordnare nya samordnare."),
    )
    level = forms.ChoiceField(label=_("Nivå"), choices=Level.choices)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = member_municipalities(network=network)


class GroupsForm(forms.Form):
    size = forms.IntegerField(
        label=_("Antal personer per grupp"),
        initial=5,
        help_text=_("Grupperna blir lika stora så långt det går: de skiljer sig med högst en person."),
    )
    source = forms.ChoiceField(
        label=_("Dela in"),
        choices=[("attended", _("de som är närvarande")), ("registered", _("alla anmälda"))],
        widget=forms.RadioSelect,
        initial="attended",
    )
    rooms = forms.CharField(
        label=_("Rum (valfritt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ett rum per rad. Rummen fördelas på grupperna i tur och ordning."),
    )

    def clean_size(self):
        size = self.cleaned_data["size"]
        if size < 1:
            raise forms.ValidationError(_("Gruppstorleken måste vara minst 1."))
        return size


class MoveForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.IntegerField(label=_("Flytta till grupp"))
