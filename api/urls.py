from django.urls import path

from . import views

app_name = "api_tokens"

urlpatterns = [
    path("k/<slug:municipality>/installningar/api-nycklar/", views.municipality_tokens, name="municipality"),
    path(
        "k/<slug:municipality>/installningar/api-nycklar/<int:pk>/aterkalla/",
        views.municipality_token_revoke,
        name="municipality_revoke",
    ),
    path("n/<slug:network>/installningar/api-nycklar/", views.network_tokens, name="network"),
    path("n/<slug:network>/installningar/api-nycklar/<int:pk>/aterkalla/", views.network_token_revoke, name="network_revoke"),
]
