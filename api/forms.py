import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line

from .services import MAX_VALID_DAYS

DEFAULT_VALID_DAYS = 90


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"), max_length=100, validators=[validate_single_line],
        help_text=_("Vad nyckeln används till, t.ex. ”Power BI, förvaltningens uppföljning”."),
    )
    expires_on = forms.DateField(
        label=_("Gäller till och med"), widget=DateInput(),
        help_text=_("Högst ett år framåt. Skapa en ny nyckel när den här slutar gälla."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=DEFAULT_VALID_DAYS)

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("Slutdatumet har redan passerat."))
        if value > today + datetime.timedelta(days=MAX_VALID_DAYS):
            raise forms.ValidationError(_("En API-nyckel kan gälla i högst ett år."))
        return value
