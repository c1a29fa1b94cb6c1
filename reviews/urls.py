from django.urls import path

from . import views

app_name = "reviews"

# No URL names a person: the answer page shows the signed-in person's own answers only.
urlpatterns = [
    path("k/<slug:municipality>/kartlaggning/", views.mapping_list, name="list"),
    path("k/<slug:municipality>/kartlaggning/ny/", views.mapping_open, name="open"),
    path("k/<slug:municipality>/kartlaggning/<int:pk>/", views.mapping_detail, name="detail"),
    path("k/<slug:municipality>/kartlaggning/<int:pk>/svara/", views.mapping_answer, name="answer"),
    path("k/<slug:municipality>/kartlaggning/<int:pk>/resultat/", views.mapping_results, name="results"),
    path("k/<slug:municipality>/kartlaggning/<int:pk>/stang/", views.mapping_close, name="close"),
    path("k/<slug:municipality>/kartlaggning/<int:pk>/dela/", views.mapping_publish, name="publish"),
    path("n/<slug:network>/kartlaggningar/", views.network_results, name="network_results"),
    path("n/<slug:network>/kartlaggningar/<int:pk>/", views.network_mapping, name="network_mapping"),
    path("n/<slug:network>/mallar/", views.template_list, name="templates"),
    path("n/<slug:network>/mallar/<int:pk>/", views.template_edit, name="template_edit"),
    path("n/<slug:network>/mallar/<int:pk>/kopiera/", views.template_copy, name="template_copy"),
]
