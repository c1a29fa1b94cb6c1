"""Learning from the network: sharing an example per network and copying it (issue 16 point 5)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quality import services
from quality.models import PrincipleSet, Routine, RoutineShare

from .factories import adopted_principle_set, draft_principle_set, routine

pytestmark = pytest.mark.django_db


def test_shared_routine_is_seen_in_that_network_only_and_copied_with_its_origin(world, client_for):
    from tests import factories as f

    # B is also in network M: a routine shared with N only is not M's example.
    f.NetworkMembershipFactory(network=world.other_network, municipality=world.b)
    r = routine(municipality=world.b, title="Resultatdialog i november", month=11, who_role="skolchef",
                steps="Samla siffrorna\nBoka rektorerna")
    RoutineShare.objects.create(routine=r, network=world.network)
    n_url = reverse("quality:network_examples", kwargs={"network": world.network.slug})
    assert "Resultatdialog i november" in client_for("larare").get(n_url).content.decode()
    m_url = reverse("quality:network_examples", kwargs={"network": world.other_network.slug})
    assert "Resultatdialog" not in client_for("other_leader").get(m_url).content.decode()

    copy_url = reverse("quality:example_copy", kwargs={"network": world.network.slug, "kind": "rutin", "pk": r.pk})
    response = client_for("coordinator").post(copy_url, {"into": world.a.pk})
    copy = Routine.objects.get(municipality=world.a)
    assert response.url == reverse("quality:routine", kwargs={"municipality": "alby", "pk": copy.pk})
    assert (copy.title, copy.month, copy.step_list) == ("Resultatdialog i november", 11, ["Samla siffrorna", "Boka rektorerna"])
    assert copy.copied_from_label == "Kopia av ”Resultatdialog i november” från Bstads kommun, delad i Nätverk Norr."
    page = client_for("larare").get(response.url).content.decode()
    assert "Kopia av ”Resultatdialog i november” från Bstads kommun" in page
    # The original is unchanged and still B's.
    r.refresh_from_db()
    assert r.municipality == world.b and not r.copied_from_label


def test_copy_into_another_municipality_than_ones_own_is_refused(world, client_for):
    r = routine(municipality=world.b)
    RoutineShare.objects.create(routine=r, network=world.network)
    copy_url = reverse("quality:example_copy", kwargs={"network": world.network.slug, "kind": "rutin", "pk": r.pk})
    assert client_for("coordinator").post(copy_url, {"into": world.b.pk}).status_code == 404
    assert client_for("coordinator").post(copy_url, {"into": world.c.pk}).status_code == 404
    assert Routine.objects.count() == 1


def test_coordinator_shares_an_adopted_principle_set_per_network_and_a_draft_not_at_all(world, client_for):
    ps = adopted_principle_set(municipality=world.a)
    url = reverse("quality:share", kwargs={"municipality": "alby", "kind": "grund", "pk": ps.pk})
    client_for("coordinator").post(url, {"networks": [world.network.pk]})
    assert list(ps.shares.values_list("network_id", flat=True)) == [world.network.pk]
    # A network the municipality is not in is not a choice.
    client_for("coordinator").post(url, {"networks": [world.other_network.pk]})
    assert list(ps.shares.values_list("network_id", flat=True)) == [world.network.pk]
    client_for("coordinator").post(url, {"action": "unshare"})
    assert not ps.shares.exists()
    draft = draft_principle_set(municipality=world.a)
    client_for("coordinator").post(reverse("quality:share", kwargs={"municipality": "alby", "kind": "grund", "pk": draft.pk}),
                                   {"networks": [world.network.pk]})
    assert not draft.shares.exists()


def test_copied_principle_set_becomes_a_draft_of_the_copier_with_its_principles_and_sources(world, client_for):
    ps = adopted_principle_set(municipality=world.b)
    ps.shares.create(network=world.network)
    adopted_principle_set(municipality=world.a)  # A has its own version 1 already
    url = reverse("quality:example_copy", kwargs={"network": world.network.slug, "kind": "grund", "pk": ps.pk})
    client_for("forvaltning").post(url, {"into": world.a.pk})
    copy = PrincipleSet.objects.filter(municipality=world.a).order_by("-version").first()
    assert copy.version == 2 and not copy.is_adopted and "Bstads kommun" in copy.copied_from_label
    assert copy.principles.count() == 2 and copy.principles.first().sources.count() == 1
    with pytest.raises(ValidationError):
        services.confirmation_create(principle_set=copy, user=world.users["larare"])  # a draft is not confirmed
