from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("n/<slug:network>/", views.home, name="home"),
    path("n/<slug:network>/medlemmar/", views.members, name="members"),
    path("n/<slug:network>/medlemmar/bjud-in/", views.invite_coordinator, name="invite"),
    path("n/<slug:network>/installningar/", views.settings_view, name="settings"),
    # Rounds and meetings
    path("n/<slug:network>/traffar/", views.meetings, name="meetings"),
    path("n/<slug:network>/omgangar/ny/", views.round_create, name="round_create"),
    path("n/<slug:network>/omgangar/<int:round_id>/traff/", views.meeting_plan, name="meeting_plan"),
    path("n/<slug:network>/traffar/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("n/<slug:network>/traffar/<int:meeting_id>/anmalan/", views.meeting_register, name="meeting_register"),
    path("n/<slug:network>/traffar/<int:meeting_id>/narvaro/", views.meeting_attendance, name="meeting_attendance"),
    path("n/<slug:network>/traffar/<int:meeting_id>/grupper/", views.meeting_groups, name="meeting_groups"),
    path("n/<slug:network>/traffar/<int:meeting_id>/grupper/flytta/", views.group_move, name="group_move"),
    path("n/<slug:network>/traffar/<int:meeting_id>/grupper/utskrift/", views.groups_print, name="groups_print"),
    path("n/<slug:network>/traffar/<int:meeting_id>/kalender.ics", views.meeting_ical, name="meeting_ical"),
    path("kalender/", views.calendar_settings, name="calendar_settings"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
