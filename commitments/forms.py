from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from access.context import MunicipalityContext
from core.forms import IdMultipleChoiceField
from core.validators import validate_single_line
from goals.models import Goal
from municipalities.models import Level, School
from networks.models import Meeting
from reviews.models import Statement

from .attachments import ALLOWED_DESCRIPTION, MAX_ATTACHMENT_BYTES
from .models import CommitmentStatus, FeedbackKind


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.round.network.name}: {_('omgång')} {obj.round.number}, {timezone.localtime(obj.starts):%Y-%m-%d}"


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vad gäller det?"), choices=FeedbackKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Din återkoppling"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv din återkoppling.")},
    )


class CommitmentForm(forms.Form):
    title = forms.CharField(
        label=_("Rubrik"), max_length=200, validators=[validate_single_line],
        error_messages={"required": _("Skriv en rubrik.")},
    )
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    levels = forms.MultipleChoiceField(
        label=_("Ansvariga nivåer"), choices=Level.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en ansvarig nivå.")},
    )
    owner = OwnerChoiceField(
        label=_("Ansvarig person"), queryset=get_user_model().objects.none(), required=False,
        help_text=_("Personen som håller i åtagandet och får påminnelser."),
    )
    schools = IdMultipleChoiceField(
        label=_("Skolor"), queryset=School.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj bland kommunens skolor."), "invalid_pk_value": _("Välj bland kommunens skolor.")},
    )
    goals = IdMultipleChoiceField(
        label=_("Operativa mål"), queryset=Goal.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj bland kommunens mål.")},
    )
    statements = IdMultipleChoiceField(
        label=_("Påståenden i kartläggningen"), queryset=Statement.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    meeting = MeetingChoiceField(
        label=_("Gjort vid nätverksträff"), queryset=Meeting.objects.none(), required=False,
        empty_label=_("Nej, på hemmaplan"),
        help_text=_("Ett åtagande från en nätverksträff delas med nätverket. Ett som görs på hemmaplan delas när ni redovisar det."),
    )
    due_on = forms.DateField(
        label=_("Klart senast"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Ange när det ska vara klart."), "invalid": _("Ange ett datum, t.ex. 2026-05-20.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, ctx: MunicipalityContext, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = ctx.municipality
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(municipality_memberships__municipality=municipality).order_by("full_name")
        )
        schools = School.objects.filter(municipality=municipality)
        # Someone tied to a school (teachers, principals) commits for their school or their team.
        if ctx.school_id is not None and not ctx.is_coordinator:
            schools = schools.filter(pk=ctx.school_id)
        self.fields["schools"].queryset = schools
        self.fields["goals"].queryset = Goal.objects.filter(municipality=municipality).order_by("title")
        self.fields["statements"].queryset = (
            Statement.objects.filter(template__superseded_at__isnull=True, template__network__isnull=True)
            .select_related("template")
            .order_by("template__name", "position")
        )
        self.fields["statements"].label_from_instance = lambda s: s.label
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(round__network__memberships__municipality=municipality)
            .select_related("round__network")
            .order_by("-starts")
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    reason = forms.CharField(
        label=_("Skäl (krävs för ”ej genomförd”)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("status") == CommitmentStatus.NOT_DONE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv varför åtagandet inte blev genomfört."))
        return data


class ProgressUpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Vad gjordes?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv vad som gjordes.")},
    )
    done_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Ange ett datum."), "invalid": _("Ange ett datum, t.ex. 2026-05-20.")},
    )
    confidence = forms.IntegerField(
        label=_("Tilltro (0–10), frivilligt"), required=False, min_value=0, max_value=10,
        help_text=_("Hur säkra är ni på att åtagandet blir genomfört? 0 = inte alls, 10 = helt säkra."),
        error_messages={
            "min_value": _("Tilltron anges från 0 till 10."), "max_value": _("Tilltron anges från 0 till 10."),
            "invalid": _("Ange ett heltal från 0 till 10."),
        },
    )
    attachment = forms.FileField(
        label=_("Bilaga, frivilligt"), required=False,
        help_text=format_lazy(_("{kinds}, högst {mb} MB."), kinds=ALLOWED_DESCRIPTION, mb=MAX_ATTACHMENT_BYTES // (1024 * 1024)),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("done_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ReminderPreferenceForm(forms.Form):
    email_reminders = forms.BooleanField(
        label=_("Skicka påminnelser till mig via e-post"), required=False,
        help_text=_(
            "När du blir ansvarig för ett åtagande, om åtaganden och rutiner som snart ska vara klara, "
            "kartläggningar att besvara och nätverksträffar du anmält dig till."
        ),
    )
    weekly_digest = forms.BooleanField(
        label=_("Samla dem i ett mejl i veckan (måndag morgon)"), required=False,
        help_text=_(
            "I stället för ett mejl per händelse får du en sammanfattning av veckans åtaganden, rutiner, "
            "kartläggningar och kommande nätverksträffar. Anmäler du dig till en träff för sent för "
            "sammanfattningen får du en påminnelse tre dagar innan."
        ),
    )
