from django.urls import path

from . import views

app_name = "progression"

P = "k/<slug:municipality>/kvalitetsarbete/progression/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "matt/", views.measures, name="measures"),
    path(P + "matt/<int:pk>/", views.measure_edit, name="measure_edit"),
    path(P + "skola/<int:pk>/", views.school, name="school"),
    path(P + "skola/<int:pk>/importera/", views.import_upload, name="import"),
    path(P + "import/<int:pk>/", views.import_preview, name="import_preview"),
    path(P + "klass/<int:pk>/", views.cohort, name="cohort"),
    path(P + "klass/<int:pk>/andra/", views.class_edit, name="class_edit"),
    path(P + "mall.<str:fmt>", views.template_download, name="template"),
]
