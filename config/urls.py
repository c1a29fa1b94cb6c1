from django.contrib import admin
from django.urls import include, path

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
    path("", include("teaching.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
