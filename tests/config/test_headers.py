"""Security headers as a production deployment sends them."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_security_headers_on_a_page(client, settings):
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_swedish_is_the_default_whatever_the_browser_says(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()
    assert "Logga in" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html or "Log in" in html or "Password" in html


@pytest.mark.django_db
def test_a_chosen_language_does_not_outlive_its_request(client):
    from django.utils import translation

    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    client.get("/accounts/login/")
    assert translation.get_language() == "sv"
