"""Sign-in hardening: rate limits, open redirects, error pages in Swedish."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from ..factories import UserFactory


def _is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_eleventh_login_in_a_minute_after_ten_failures_is_refused_even_with_the_right_password():
    UserFactory(email="anna@example.se")
    client = Client()
    url = reverse("account_login")
    # Different addresses each time: allauth also limits per address (5 per 5 minutes).
    for i in range(10):
        response = client.post(url, {"login": f"finns{i}@example.se", "password": "fel"})
        assert response.status_code == 200
        assert "För många" not in response.content.decode()
    response = client.post(url, {"login": "anna@example.se", "password": "testlosenord-123"})
    assert not _is_signed_in(client)
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


@pytest.mark.django_db
def test_tenth_attempt_is_still_allowed():
    UserFactory(email="anna@example.se")
    client = Client()
    for i in range(9):
        client.post(reverse("account_login"), {"login": f"finns{i}@example.se", "password": "fel"})
    client.post(reverse("account_login"), {"login": "anna@example.se", "password": "testlosenord-123"})
    assert _is_signed_in(client)


@pytest.mark.django_db
def test_sixth_failed_login_for_one_address_is_refused():
    UserFactory(email="mal@example.se")
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "mal@example.se", "password": "fel"})
    response = client.post(reverse("account_login"), {"login": "mal@example.se", "password": "testlosenord-123"})
    assert not _is_signed_in(client)
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


@pytest.mark.django_db
def test_rate_limited_pages_get_a_swedish_429_page():
    from allauth.core.ratelimit import respond_429
    from django.test import RequestFactory

    response = respond_429(RequestFactory().get("/accounts/password/reset/"))
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/", "https:/evil.example.com"])
def test_login_does_not_redirect_to_another_site(target):
    UserFactory(email="anna@example.se")
    response = Client().post(
        reverse("account_login") + "?next=" + target,
        {"login": "anna@example.se", "password": "testlosenord-123", "next": target},
    )
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]
    assert response["Location"] == reverse("core:start")


@pytest.mark.django_db
def test_language_switch_does_not_redirect_to_another_site():
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "https://evil.example.com/"})
    assert "evil.example.com" not in response.get("Location", "")


@pytest.mark.django_db
def test_safe_next_is_followed_after_login():
    UserFactory(email="anna@example.se")
    response = Client().post(
        reverse("account_login"), {"login": "anna@example.se", "password": "testlosenord-123", "next": "/accounts/2fa/"}
    )
    assert response["Location"] == "/accounts/2fa/"


@pytest.mark.django_db
def test_404_page_is_swedish_and_styled(client):
    with override_settings(DEBUG=False):
        response = client.get("/finns/inte/alls/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan finns inte" in html and '<html lang="sv">' in html and "Till startsidan" in html


@pytest.mark.django_db
def test_500_page_is_swedish_and_says_nothing_was_half_saved(client):
    from django.test import RequestFactory

    from core.views import error_500

    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


@pytest.mark.django_db
def test_production_cookies_are_secure():
    # In this test process DEBUG is on; the production values are computed from DEBUG.
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT)"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "s" * 30 + "abcdefghijklmnopqrstuvwxyz0123",
        "ALLOWED_HOSTS": "skolnatverk.example.se",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr


@pytest.mark.django_db
def test_login_placeholders_say_what_their_labels_say(client):
    """Issue 15: the label read "E-postadress" and the field inside it "Epost-adress"."""
    import re

    html = client.get("/accounts/login/").content.decode()
    labels = dict(re.findall(r'<label for="(id_\w+)">([^<:]+):?</label>', html))
    placeholders = {i: p for p, i in re.findall(r'<input[^>]*placeholder="([^"]+)"[^>]*id="(id_\w+)"', html)}
    assert placeholders, html
    for field_id, placeholder in placeholders.items():
        assert placeholder == labels[field_id]
    assert "Epost" not in html
