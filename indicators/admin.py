from django.contrib import admin

from .models import Indicator, Measurement, NationalValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser_type", "subject", "gender_group", "unit", "direction"]
    list_filter = ["unit", "direction", "organiser_type"]
    search_fields = ["name", "key", "source_table"]


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
