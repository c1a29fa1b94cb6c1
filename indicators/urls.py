from django.urls import path  # noqa: F401  (patterns come with the indicators work)

app_name = "indicators"

urlpatterns: list = []
