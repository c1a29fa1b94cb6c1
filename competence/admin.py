from django.contrib import admin

from .models import ChecklistItem, Competence, PlanAction, SelfAssessment, SessionCheck, ShowAndTell


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "source"]
    list_filter = ["source"]
    search_fields = ["title"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "routine", "position"]
    raw_id_fields = ["routine"]


class SessionCheckInline(admin.TabularInline):
    model = SessionCheck
    extra = 0
    raw_id_fields = ["item"]


@admin.register(ShowAndTell)
class ShowAndTellAdmin(admin.ModelAdmin):
    list_display = ["practice", "school", "routine", "held_on"]
    raw_id_fields = ["routine", "presenter", "checker", "school", "municipality"]
    inlines = [SessionCheckInline]


# Self-assessments are personal: platform staff see that they exist, never the answers in a list.
@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["competence", "school", "updated"]
    raw_id_fields = ["competence", "user", "school"]


@admin.register(PlanAction)
class PlanActionAdmin(admin.ModelAdmin):
    list_display = ["competence", "school", "commitment"]
    raw_id_fields = ["competence", "school", "commitment", "municipality"]
