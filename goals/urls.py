from django.urls import path  # noqa: F401  (patterns come with the goals issue)

app_name = "goals"

urlpatterns: list = []
