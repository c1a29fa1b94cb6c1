"""The benchmark's URL conf: the product's URLs plus the floor page ``bench`` measures against.

The floor page is a measuring instrument, not a product page, so production (``config.urls``)
does not serve it; ``bench`` runs under this conf (``override_settings(ROOT_URLCONF=…)``).
"""

from django.urls import include, path

from .urls import handler403, handler404, handler500
from .urls import urlpatterns as product_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [*product_urlpatterns, path("", include("benchmarks.urls"))]
