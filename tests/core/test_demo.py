from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from accounts.models import User
from municipalities.models import Level, Membership, Municipality
from networks.models import Network


@pytest.mark.django_db
def test_demo_builds_the_network_with_all_levels_and_is_repeatable(client):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # running it again changes nothing
    network = Network.objects.get(slug="matematiksatsningen-mitt")
    assert network.name == "Matematiksatsningen – nätverk Mitt"
    codes = dict(Municipality.objects.values_list("code", "name"))
    assert codes["1982"] == "Fagersta kommun" and codes["0382"] == "Östhammar kommun" and codes["2083"] == "Hedemora kommun"
    with scopes_disabled():
        assert network.memberships.count() == 6
        for municipality in Municipality.objects.all():
            levels = set(Membership.objects.filter(municipality=municipality).values_list("level", flat=True))
            assert levels == set(Level.values), municipality
            assert Membership.objects.filter(municipality=municipality, is_coordinator=True).count() == 1
        assert network.project_leaders.filter(user__email="processledare@demo.skolnatverk.se").exists()
    assert User.objects.filter(email="larare.fagersta@demo.skolnatverk.se").get().check_password("demo-skolnatverk")
    _demo_has_send_outs(client, network)


def _demo_has_send_outs(client, network):
    """Issue 15: the demo's mappings and meetings have their send-outs, once each even when the
    demo is built twice, and Fagersta's coordinator reads "Skickat till N av M" with who failed."""
    from mailings.models import Delivery, Mailing, MailingKind
    from networks.models import Meeting
    from reviews.models import Mapping

    with scopes_disabled():
        meetings = Meeting.objects.filter(round__network=network).count()
        mappings = Mapping.objects.filter(municipality__network_memberships__network=network).count()
        assert Mailing.objects.filter(kind=MailingKind.MEETING_INVITATION, network=network).count() == meetings == 3
        assert Mailing.objects.filter(kind=MailingKind.MAPPING_OPENED).count() == mappings
        assert Mailing.objects.filter(kind=MailingKind.MEMBER_INVITATION).count() == 2
        mapping = Mapping.objects.get(municipality__slug="fagersta", title="Styrning och ledning – uppföljning")
        total = Delivery.objects.filter(mailing__kind=MailingKind.MAPPING_OPENED, mailing__object_id=mapping.pk).count()
    assert total > 10
    client.force_login(User.objects.get(email="samordnare.fagersta@demo.skolnatverk.se"))
    page = client.get(f"/k/fagersta/kartlaggning/{mapping.pk}/").content.decode()
    assert f"Skickat till {total - 1} av {total}" in page and "larare4.fagersta@demo.skolnatverk.se" in page
    members = client.get("/k/fagersta/medlemmar/").content.decode()
    assert "per.holm@fagesta.se" in members and "mejlet kom inte fram" in members


def test_readme_lists_every_kind_of_demo_login():
    """Issue 15: every demo persona is listed in README (the numbered ones by their pattern)."""
    from pathlib import Path

    from django.conf import settings

    from municipalities import demo

    readme = Path(settings.BASE_DIR, "README.md").read_text(encoding="utf-8")
    assert f"processledare@{demo.DEMO_DOMAIN}" in readme and f"admin@{demo.DEMO_DOMAIN}" in readme
    for _name, _code, slug, _schools in demo.MUNICIPALITIES:
        assert f"`{slug}`" in readme
    for level, size in demo.LEVEL_SIZES.items():
        short = demo.SHORT[level]
        assert f"{short}.fagersta@{demo.DEMO_DOMAIN}" in readme
        if size > 1:
            assert f"`{short}2`–`{short}{size}`" in readme
    assert "samordnare.fagersta@" in readme
