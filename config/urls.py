from allauth.urls import build_provider_urlpatterns
from django.contrib import admin
from django.urls import include, path

from api.api import api

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"

urlpatterns = [
    path("", include("core.urls")),
    path("", include("municipalities.urls")),
    path("", include("networks.urls")),
    path("", include("indicators.urls")),
    path("", include("goals.urls")),
    path("", include("reviews.urls")),
    path("", include("commitments.urls")),
    path("", include("reports.urls")),
    path("", include("quality.urls")),
    path("", include("principal_time.urls")),
    path("", include("competence.urls")),
    path("", include("progression.urls")),
    path("", include("api.urls")),
    # The read API (issue 19): token-authenticated JSON and CSV, its OpenAPI document at api/v1/openapi.json.
    path("api/v1/", api.urls),
    path("", include("teaching.urls")),
    path("", include("accounts.urls")),
    # Before allauth's: its login URL gets home-realm discovery in front (sso.views.login).
    path("", include("sso.urls")),
    # allauth's URLs without its unnamed legacy redirects of "social/…" (a URL without a name has
    # no row in the permission matrix): accounts, MFA, the SSO providers (issue 19).
    path("accounts/", include("allauth.account.urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("accounts/3rdparty/", include("allauth.socialaccount.urls")),
    path("accounts/", include(build_provider_urlpatterns())),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
