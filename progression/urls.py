from django.urls import path

from . import views

app_name = "progression"

P = "k/<slug:municipality>/kvalitetsarbete/progression/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "matt/", views.measures, name="measures"),
    path(P + "skola/<int:pk>/", views.school, name="school"),
    path(P + "skola/<int:pk>/importera/", views.import_upload, name="import"),
    path(P + "import/<int:pk>/", views.import_preview, name="import_preview"),
    path(P + "klass/<int:pk>/", views.cohort, name="cohort"),
    path(P + "mall.<str:fmt>", views.template_download, name="template"),
]
