from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("k/<slug:municipality>/", views.home, name="home"),
    path("k/<slug:municipality>/medlemmar/", views.members, name="members"),
    path("k/<slug:municipality>/medlemmar/bjud-in/", views.invite, name="invite"),
    path("k/<slug:municipality>/medlemmar/<int:membership_id>/ta-bort/", views.member_remove, name="member_remove"),
    path(
        "k/<slug:municipality>/medlemmar/<int:membership_id>/avsluta-samordnare/",
        views.coordinator_end,
        name="coordinator_end",
    ),
    path(
        "k/<slug:municipality>/medlemmar/inbjudningar/<int:invitation_id>/dra-tillbaka/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("k/<slug:municipality>/installningar/", views.settings_view, name="settings"),
    path("inbjudan/<str:token>/", views.invitation, name="invitation"),
]
