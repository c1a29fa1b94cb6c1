from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("k/<slug:municipality>/ataganden/", views.commitment_list, name="list"),
    path("k/<slug:municipality>/ataganden/nytt/", views.commitment_create, name="create"),
    path("k/<slug:municipality>/ataganden/<int:pk>/", views.commitment_detail, name="detail"),
    path("k/<slug:municipality>/ataganden/<int:pk>/redigera/", views.commitment_edit, name="edit"),
    path("k/<slug:municipality>/ataganden/<int:pk>/status/", views.commitment_status, name="status"),
    path("k/<slug:municipality>/ataganden/<int:pk>/uppdatering/", views.progress_update, name="update"),
    path("k/<slug:municipality>/ataganden/bilagor/<int:pk>/", views.attachment, name="attachment"),
    path("k/<slug:municipality>/aterkoppling/", views.feedback_received, name="feedback_received"),
    path("k/<slug:municipality>/redovisning/", views.municipality_report_back, name="municipality_report_back"),
    path("n/<slug:network>/traffar/<int:meeting>/aterkoppling/", views.meeting_feedback, name="meeting_feedback"),
    path(
        "n/<slug:network>/traffar/<int:meeting>/aterkoppling/<slug:receiver>/",
        views.give_feedback,
        name="give_feedback",
    ),
    path("n/<slug:network>/traffar/<int:meeting>/redovisning/", views.report_back, name="report_back"),
    path("paminnelser/", views.reminder_settings, name="reminders"),
]
