from django.conf import settings
from django_scopes import scopes_disabled


class AdminScopesMiddleware:
    """Platform staff use the Django admin across all tenants: scopes are off there only."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = getattr(settings, "ADMIN_URL_PREFIX", "/admin/")

    def __call__(self, request):
        if request.path.startswith(self.prefix):
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)
