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


# --- Issue 12: private responses, Permissions-Policy, no planted SCRIPT_NAME -------------------------


def test_signed_in_pages_downloads_exports_and_calendars_are_private_and_not_stored(world, client_for):
    from commitments.models import Commitment  # noqa: F401  (the world builds what the pages show)
    from networks.services import calendar_feed_for

    from ..commitments.factories import make_meeting

    meeting = make_meeting(network=world.network, number=1)
    coordinator = client_for("coordinator")
    feed = calendar_feed_for(user=world.user("coordinator"))
    responses = {
        "page": coordinator.get("/k/alby/"),
        "htmx part": coordinator.get("/k/alby/mal/", HTTP_HX_REQUEST="true"),
        "export": coordinator.get("/k/alby/export.zip"),
        "meeting calendar file": coordinator.get(f"/n/natverk-norr/traffar/{meeting.pk}/kalender.ics"),
        "calendar feed": client_for("anonymous").get(f"/kalender/{feed.token}.ics"),
        "403": client_for("larare").get("/k/alby/installningar/"),
        "404": coordinator.get("/k/bstad/"),
    }
    for what, response in responses.items():
        assert response["Cache-Control"] == "private, no-store", what
        assert "camera=()" in response["Permissions-Policy"], what
    assert responses["export"].status_code == 200 and responses["calendar feed"].status_code == 200


@pytest.mark.django_db
def test_every_response_has_a_permissions_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_a_clients_script_name_plants_no_links_in_the_page_or_the_kept_page(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 300
    from ..goals.factories import GoalFactory

    GoalFactory(municipality=world.a, title="Läsa och skriva")
    client = client_for("namnd")
    # What gunicorn puts in the WSGI environ from a request's SCRIPT_NAME header (via a forwarder).
    planted = client.get("/k/alby/mal/", SCRIPT_NAME="/planterad")
    assert planted.status_code == 200
    assert "/planterad" not in planted.content.decode()
    kept = client_for("forvaltning").get("/k/alby/mal/").content.decode()
    assert "/planterad" not in kept and 'href="/k/alby/' in kept
