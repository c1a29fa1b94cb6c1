from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("k/<slug:municipality>/statistik/", views.statistics, name="statistics"),
    path("k/<slug:municipality>/statistik/nytt/", views.measurement_new, name="measurement_new"),
    path("k/<slug:municipality>/statistik/utfall/<int:pk>/", views.measurement_detail, name="measurement"),
    path("k/<slug:municipality>/statistik/import/", views.import_municipality, name="import"),
    path("k/<slug:municipality>/statistik/import/<int:pk>/", views.import_municipality_detail, name="import_detail"),
    path("k/<slug:municipality>/statistik/kolada/", views.kolada, name="kolada"),
    path("k/<slug:municipality>/statistik/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("k/<slug:municipality>/statistik/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("n/<slug:network>/statistik/import/", views.import_network, name="network_import"),
    path("n/<slug:network>/statistik/import/<int:pk>/", views.import_network_detail, name="network_import_detail"),
]
