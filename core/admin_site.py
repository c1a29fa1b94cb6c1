"""The Django admin for platform staff, behind the product's own sign-in and its second factor.

The admin is the one place outside the tenant scopes, so reaching it takes more than a password:

- it has no login form of its own: ``/admin/login/`` sends everyone to the product's login
  (allauth), whose rate limits, e-mail verification and TOTP step apply; a password posted to
  ``/admin/login/`` signs nobody in;
- staff must have a second factor: without one they are sent to set it up;
- the session must have passed it: a staff session signed in without the second factor (before
  it was turned on, or by any other path) is asked for a TOTP code first (allauth's
  reauthentication, itself rate limited).

Changes made here are in the audit trail like any other (django-simple-history records the staff
member as the author; ``core.history``), besides the admin's own log.
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache


def passed_second_factor(request: HttpRequest) -> bool:
    """Did this session's sign-in (or a later reauthentication) include a TOTP or recovery code?"""
    records = get_authentication_records(request, request.user)  # only this user's records count
    return any(record.get("method") == "mfa" for record in records)


def staff_may_use_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated and user.is_active and user.is_staff
        and is_mfa_enabled(user) and passed_second_factor(request)
    )


class ProductAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Skolnätverk – plattformsadministration")
    site_title = gettext_lazy("Skolnätverk admin")

    def has_permission(self, request: HttpRequest) -> bool:
        return staff_may_use_admin(request)

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """No admin login form: the product's login, then the way back to where staff were going."""
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            target = reverse("admin:index", current_app=self.name)
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            if not is_mfa_enabled(user):
                messages.warning(request, _("Plattformsadministrationen kräver tvåstegsverifiering. Slå på det för att fortsätta."))
                return redirect("mfa_activate_totp")
            if not passed_second_factor(request):
                return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: target})}")
            return redirect(target)
        # Signed out, or signed in without staff rights: the product's own login decides.
        return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")
