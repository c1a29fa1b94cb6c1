from django.urls import path

from . import views

app_name = "teaching"

P = "k/<slug:municipality>/kvalitetsarbete/undervisning/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "matris/", views.rubric, name="rubric"),
    path(P + "matris/<int:pk>/", views.rubric_edit, name="rubric_edit"),
    path(P + "besok/nytt/", views.visit_new, name="visit_new"),
    path(P + "besok/<int:pk>/", views.visit, name="visit"),
    path(P + "skola/<int:school>/", views.school, name="school"),
    path(P + "skola/<int:school>/plan/", views.plan, name="plan"),
]
