from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("k/<slug:municipality>/historik/", views.municipality_history, name="municipality_history"),
    path("k/<slug:municipality>/export.zip", views.municipality_export, name="municipality_export"),
    path("n/<slug:network>/historik/", views.network_history, name="network_history"),
]
