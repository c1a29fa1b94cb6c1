import time

from allauth.account import app_settings as allauth_settings
from allauth.account.authentication import get_authentication_records
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .services import user_delete_account

REAUTHENTICATION_TIMEOUT = allauth_settings.REAUTHENTICATION_TIMEOUT  # seconds (allauth's, 300)


class DeleteAccountForm(forms.Form):
    """The password confirms that it is the person; someone who signs in only through their
    municipality's provider has none, and confirms by having signed in there a moment ago."""

    password = forms.CharField(
        label=gettext_lazy("Ditt lösenord"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Jag förstår att mitt konto tas bort och inte går att återskapa."), required=True
    )

    def __init__(self, *args, user, recently_signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.recently_signed_in = recently_signed_in
        if not user.has_usable_password():
            del self.fields["password"]

    @property
    def needs_fresh_sign_in(self) -> bool:
        return "password" not in self.fields and not self.recently_signed_in

    def clean(self):
        if self.needs_fresh_sign_in:
            raise forms.ValidationError(_(
                "Du loggar in via din kommuns konto och har inget lösenord här. Logga ut och in igen, "
                "och ta sedan bort kontot inom %(minutes)s minuter."
            ) % {"minutes": REAUTHENTICATION_TIMEOUT // 60})
        return super().clean()

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Lösenordet stämmer inte."))
        return password


def _recently_signed_in(request: HttpRequest) -> bool:
    """Did this session sign in (by any method: password, provider, code) a moment ago?"""
    records = get_authentication_records(request, request.user)
    return bool(records) and time.time() - records[-1]["at"] < REAUTHENTICATION_TIMEOUT


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user, recently_signed_in=_recently_signed_in(request))
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_delete_account(user=user)
        messages.success(request, _("Ditt konto är borttaget. Det du skrev finns kvar utan ditt namn."))
        return redirect("account_login")
    return render(request, "accounts/delete.html", {"form": form})
