from django.contrib import admin

from .models import Network, NetworkMembership, ProjectLeader, Round


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0


class ProjectLeaderInline(admin.TabularInline):
    model = ProjectLeader
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "anonymity_threshold", "require_mfa_for_leaders"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NetworkMembershipInline, ProjectLeaderInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["network", "number", "home_phase_starts", "title"]
    list_filter = ["network"]
