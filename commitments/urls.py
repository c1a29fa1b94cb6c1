from django.urls import path  # noqa: F401  (patterns come with the commitments issue)

app_name = "commitments"

urlpatterns: list = []
