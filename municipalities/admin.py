from django.contrib import admin

from .models import Invitation, Membership, Municipality, School


class SchoolInline(admin.TabularInline):
    model = School
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "require_mfa_for_coordinators", "email_domains"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SchoolInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "level", "school", "is_coordinator"]
    list_filter = ["level", "is_coordinator", "municipality"]
    search_fields = ["user__email", "user__full_name", "municipality__name"]
    autocomplete_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "municipality", "level", "is_coordinator", "created", "expires_at", "accepted_at"]
    list_filter = ["municipality"]
    search_fields = ["email"]
    readonly_fields = ["token"]
