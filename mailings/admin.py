from django.contrib import admin

from .models import Delivery, Mailing


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ("email", "status", "attempts", "sent_at", "error")
    readonly_fields = fields
    can_delete = False


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "municipality", "network", "created", "finished_at")
    list_filter = ("kind",)
    readonly_fields = ("kind", "object_id", "municipality", "network", "requested_by", "created", "finished_at")
    inlines = [DeliveryInline]
