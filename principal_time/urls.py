from django.urls import path

from . import views

app_name = "principal_time"

P = "k/<slug:municipality>/kvalitetsarbete/tid/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "logga/", views.log, name="log"),
    path(P + "rektor/<int:user_id>/", views.principal, name="principal"),
]
