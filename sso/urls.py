from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    # In front of allauth's own login URL (config/urls.py lists this app first).
    path("accounts/login/", views.login, name="login"),
    path("k/<slug:municipality>/inloggning/", views.settings_view, name="settings"),
    path("k/<slug:municipality>/inloggning/ny/<str:kind>/", views.provider_create, name="provider_create"),
    path("k/<slug:municipality>/inloggning/<int:provider_id>/", views.provider_edit, name="provider_edit"),
    path("k/<slug:municipality>/inloggning/<int:provider_id>/ta-bort/", views.provider_delete, name="provider_delete"),
    path("k/<slug:municipality>/inloggning/vantande/<int:pending_id>/", views.pending_member_decide,
         name="pending_member_decide"),
]
