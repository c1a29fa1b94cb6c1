from django.contrib.admin.apps import AdminConfig


class ProductAdminConfig(AdminConfig):
    """django.contrib.admin with the product's admin site (core.admin_site) as ``admin.site``."""

    default_site = "core.admin_site.ProductAdminSite"
