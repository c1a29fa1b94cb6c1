from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("konto/radera/", views.delete_account, name="delete"),
]
