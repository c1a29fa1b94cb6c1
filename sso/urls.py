from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    # In front of allauth's own login URL (config/urls.py lists this app first).
    path("accounts/login/", views.login, name="login"),
    # In front of allauth's (same path): a Swedish page for an answer that was used up.
    path("accounts/saml/<str:organization_slug>/acs/finish/", views.saml_finish_acs, name="saml_finish_acs"),
    path("k/<slug:municipality>/inloggning/", views.settings_view, name="settings"),
    path("k/<slug:municipality>/inloggning/ny/<str:kind>/", views.provider_create, name="provider_create"),
    path("k/<slug:municipality>/inloggning/<int:provider_id>/", views.provider_edit, name="provider_edit"),
    path("k/<slug:municipality>/inloggning/<int:provider_id>/ta-bort/", views.provider_delete, name="provider_delete"),
    path("k/<slug:municipality>/inloggning/vantande/<int:pending_id>/", views.pending_member_decide,
         name="pending_member_decide"),
]
