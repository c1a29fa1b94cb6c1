from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("k/<slug:municipality>/rapporter/", views.municipality_reports, name="municipality_list"),
    path("k/<slug:municipality>/rapporter/<int:pk>/ladda-ner/", views.municipality_download,
         name="municipality_download"),
    path("n/<slug:network>/rapporter/", views.network_reports, name="network_list"),
    path("n/<slug:network>/rapporter/<int:pk>/ladda-ner/", views.network_download, name="network_download"),
]
