from django.contrib import admin

from .models import IdentityProvider, PendingMember, SignInPolicy


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    exclude = ["client_secret"]  # set through the coordinator's page, never shown


@admin.register(SignInPolicy)
class SignInPolicyAdmin(admin.ModelAdmin):
    list_display = ["municipality", "require_sso", "mfa", "inactive_days"]


@admin.register(PendingMember)
class PendingMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "created"]
