from django.urls import path

from . import views

app_name = "goals"

urlpatterns = [
    path("k/<slug:municipality>/mal/", views.tree, name="tree"),
    path("k/<slug:municipality>/mal/nytt/", views.create, name="create"),
    path("k/<slug:municipality>/mal/foresla/", views.propose, name="propose"),
    path("k/<slug:municipality>/mal/<int:pk>/", views.detail, name="detail"),
    path("k/<slug:municipality>/mal/<int:pk>/andra/", views.edit, name="edit"),
    path("k/<slug:municipality>/mal/<int:pk>/antagande/", views.adopt, name="adopt"),
    path("k/<slug:municipality>/mal/<int:pk>/godkann/", views.accept, name="accept"),
    path("k/<slug:municipality>/mal/<int:pk>/dela/", views.share, name="share"),
    path("k/<slug:municipality>/mal/<int:pk>/matt/nytt/", views.indicator_add, name="indicator_add"),
    path("k/<slug:municipality>/mal/<int:pk>/matt/<int:link_pk>/andra/", views.indicator_edit, name="indicator_edit"),
    path("k/<slug:municipality>/mal/<int:pk>/matt/<int:link_pk>/ta-bort/", views.indicator_remove, name="indicator_remove"),
    path("n/<slug:network>/mal/jamfor/", views.network_compare, name="network_compare"),
]
