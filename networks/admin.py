from django.contrib import admin

from .models import Network, NetworkMembership, ProjectLeader


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
