from django.urls import path

from . import views

app_name = "quality"

P = "k/<slug:municipality>/kvalitetsarbete/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "vetenskaplig-grund/", views.principles, name="principles"),
    path(P + "vetenskaplig-grund/<int:pk>/", views.principle_set, name="principle_set"),
    path(P + "vetenskaplig-grund/<int:pk>/kvittera/", views.confirm, name="confirm"),
    path(P + "vetenskaplig-grund/<int:pk>/paminn/", views.principles_remind, name="principles_remind"),
    path(P + "vetenskaplig-grund/<int:pk>/affisch/", views.poster_request, name="poster_request"),
    path(P + "vetenskaplig-grund/<int:pk>/princip/ny/", views.principle_edit, name="principle_new"),
    path(P + "vetenskaplig-grund/<int:pk>/princip/<int:principle>/", views.principle_edit, name="principle_edit"),
    path(P + "rutiner/", views.routines, name="routines"),
    path(P + "rutiner/ny/", views.routine_edit, name="routine_new"),
    path(P + "rutiner/<int:pk>/", views.routine, name="routine"),
    path(P + "rutiner/<int:pk>/andra/", views.routine_edit, name="routine_edit"),
    path(P + "rutiner/uppgifter/skapa/", views.tasks_generate, name="tasks_generate"),
    path(P + "rutiner/uppgifter/<int:pk>/", views.task, name="task"),
    path(P + "rutiner/arsklocka-pdf/", views.clock_pdf, name="clock_pdf"),
    path(P + "analys/", views.evaluations, name="evaluations"),
    path(P + "analys/mall/ny/", views.evaluation_template, name="evaluation_template_new"),
    path(P + "analys/mall/<int:pk>/", views.evaluation_template, name="evaluation_template"),
    path(P + "analys/<int:pk>/", views.evaluation, name="evaluation"),
    path(P + "dialoger/", views.dialogues, name="dialogues"),
    path(P + "dialoger/<int:pk>/", views.dialogue, name="dialogue"),
    path(P + "dialoger/<int:pk>/kalender.ics", views.dialogue_ical, name="dialogue_ical"),
    path(P + "dela/<str:kind>/<int:pk>/", views.share, name="share"),
    path("n/<slug:network>/exempel/", views.network_examples, name="network_examples"),
    path("n/<slug:network>/exempel/<str:kind>/<int:pk>/", views.network_example, name="network_example"),
    path("n/<slug:network>/exempel/<str:kind>/<int:pk>/kopiera/", views.example_copy, name="example_copy"),
    path(P + "dokument/<int:pk>/ladda-ner/", views.document_download, name="document_download"),
]
