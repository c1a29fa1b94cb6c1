from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Indicator, Measurement, NationalValue, StatisticsImport


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser_type", "subject", "gender_group", "unit", "direction", "owner_municipality",
                    "owner_network"]
    list_filter = ["unit", "direction", "organiser_type", ("owner_municipality", admin.EmptyFieldListFilter),
                   ("owner_network", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key", "source_table"]
    raw_id_fields = ["owner_municipality", "owner_network"]
    actions = ["make_common"]

    @admin.action(description=_("Gör valda mått gemensamma för alla kommuner"))
    def make_common(self, request, queryset):
        done = 0
        for indicator in queryset.exclude(owner_municipality__isnull=True, owner_network__isnull=True):
            services.indicator_make_common(indicator=indicator)
            done += 1
        self.message_user(
            request,
            ngettext("%(n)s mått är nu gemensamt.", "%(n)s mått är nu gemensamma.", done) % {"n": done},
            messages.SUCCESS,
        )


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "municipality", "school", "school_year", "grade", "value", "suppressed_marker", "source"]
    list_filter = ["source", "school_year"]
    list_select_related = ["indicator", "municipality", "school"]
    raw_id_fields = ["indicator", "municipality", "school", "updated_by"]


@admin.register(NationalValue)
class NationalValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "school_year", "grade", "value", "suppressed_marker"]
    raw_id_fields = ["indicator"]


@admin.register(StatisticsImport)
class StatisticsImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "municipality", "network", "status", "created", "requested_by"]
    list_filter = ["status"]
    raw_id_fields = ["municipality", "network", "requested_by"]
    readonly_fields = ["summary", "error", "file"]
