from django.urls import path  # noqa: F401  (patterns come with the reviews issue)

app_name = "reviews"

urlpatterns: list = []
