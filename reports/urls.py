from django.urls import path  # noqa: F401  (patterns come with the reports issue)

app_name = "reports"

urlpatterns: list = []
