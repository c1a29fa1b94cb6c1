from django.contrib import admin

from .models import Commitment, Feedback, ProgressUpdate, ReminderPreference, ReminderSent


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    # Not SimpleHistoryAdmin: its history URLs take positional arguments the permission matrix
    # cannot name; the history is shown on the commitment's own page.
    list_display = ("title", "municipality", "status", "due_on", "owner")
    list_filter = ("status", "municipality")
    search_fields = ("title",)
    raw_id_fields = ("owner", "created_by", "meeting", "source_feedback")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("municipality", "meeting", "kind", "created")
    list_filter = ("kind",)
    raw_id_fields = ("meeting", "author")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ("commitment", "done_on", "confidence", "attachment_name")
    raw_id_fields = ("commitment", "author")


admin.site.register(ReminderPreference)
admin.site.register(ReminderSent)
