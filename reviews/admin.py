"""Templates and mappings for platform staff. Responses and answers are deliberately absent:
individual answers are shown to nobody but their author, platform staff included."""

from django.contrib import admin

from .models import Area, Mapping, MappingShare, ScaleStep, Statement, Template


class ScaleStepInline(admin.TabularInline):
    model = ScaleStep
    extra = 0


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "kind", "network", "superseded_at"]
    list_filter = ["kind", "network"]
    inlines = [ScaleStepInline, AreaInline, StatementInline]


class MappingShareInline(admin.TabularInline):
    model = MappingShare
    extra = 0
    readonly_fields = ["shared_by"]


@admin.register(Mapping)
class MappingAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "template", "round", "opens_on", "closes_on", "threshold"]
    list_filter = ["municipality"]
    # Fixed when the mapping opens (the anonymity rule, docs/visibility.md): changing the threshold
    # or reopening a closed mapping would let successive views be differenced.
    readonly_fields = ["opened_by", "closed_at", "left_out_summary"]
    inlines = [MappingShareInline]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["threshold", "opens_on", "closes_on"] if obj is not None else []
        return [*self.readonly_fields, *fixed]
