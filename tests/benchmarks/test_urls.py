"""The benchmark's floor page is served only under the benchmark's URL conf, never by production."""

import pytest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse


def test_production_does_not_serve_the_floor_page():
    with pytest.raises(NoReverseMatch):
        reverse("benchmarks:floor")
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")


def test_the_benchmark_url_conf_serves_the_floor_beside_every_product_page(settings):
    settings.ROOT_URLCONF = "config.urls_bench"
    assert reverse("benchmarks:floor") == "/bench/floor/"
    assert resolve("/").url_name == resolve("/", urlconf="config.urls").url_name


@pytest.mark.django_db
def test_the_floor_page_answers_a_signed_in_person_under_the_benchmark_conf(settings, client, django_user_model):
    settings.ROOT_URLCONF = "config.urls_bench"
    user = django_user_model.objects.create_user(email="golv@example.se", password="x-9-lång-fras")
    client.force_login(user)
    assert client.get("/bench/floor/").status_code == 200
