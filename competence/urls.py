from django.urls import path

from . import views

app_name = "competence"

P = "k/<slug:municipality>/kvalitetsarbete/kompetens/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "<int:pk>/", views.competence_edit, name="competence_edit"),
    path(P + "min-skattning/", views.assess, name="assess"),
    path(P + "skola/<int:school>/", views.school, name="school"),
    path(P + "checklista/<int:routine>/", views.checklist, name="checklist"),
    path(P + "visa-och-beratta/", views.sessions, name="sessions"),
    path(P + "visa-och-beratta/ny/", views.session_new, name="session_new"),
    path(P + "visa-och-beratta/<int:pk>/", views.session, name="session"),
]
