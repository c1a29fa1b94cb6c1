from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Network, Round

from .models import ReportKind


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportPeriodForm(forms.Form):
    period_start = forms.DateField(label=_("Från och med"), widget=_DateInput())
    period_end = forms.DateField(label=_("Till och med"), widget=_DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Slutdatumet kan inte vara före startdatumet."))
        return cleaned


class NetworkReportForm(ReportPeriodForm):
    kind = forms.ChoiceField(
        label=_("Vilken rapport"),
        choices=[(ReportKind.NETWORK, ReportKind.NETWORK.label), (ReportKind.MEETING, ReportKind.MEETING.label)],
        widget=forms.RadioSelect,
    )
    round = forms.ModelChoiceField(
        label=_("Omgång (för en sammanfattning av nätverksträff)"),
        queryset=Round.objects.none(),
        required=False,
        empty_label=_("Välj omgång"),
    )

    field_order = ["kind", "round", "period_start", "period_end"]

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this network's rounds: another network's round id is "not a valid choice".
        self.fields["round"].queryset = Round.objects.filter(network=network).order_by("number")
        self.fields["round"].label_from_instance = lambda r: _("Omgång %(n)s") % {"n": r.number} + (
            f" – {r.title}" if r.title else ""
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ReportKind.MEETING and not cleaned.get("round"):
            self.add_error("round", _("Välj vilken omgångs nätverksträff sammanfattningen gäller."))
        return cleaned
