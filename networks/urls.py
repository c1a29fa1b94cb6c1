from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("n/<slug:network>/", views.home, name="home"),
    path("n/<slug:network>/medlemmar/", views.members, name="members"),
    path("n/<slug:network>/medlemmar/bjud-in/", views.invite_coordinator, name="invite"),
    path("n/<slug:network>/installningar/", views.settings_view, name="settings"),
]
