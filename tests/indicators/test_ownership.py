"""An indicator that one tenant's upload creates belongs to that tenant until platform staff
make it common: no other tenant sees it in a picker, a form, an export or a page."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from goals.forms import IndicatorLinkForm
from goals.models import GoalIndicator
from indicators import services
from indicators.forms import MeasurementForm
from indicators.importer import run_import
from indicators.models import Indicator, Measurement
from tests.goals.factories import GoalFactory

SECRET = "Andel (%) elever med Albys egna mått årskurs 9"


def _file(*codes: str) -> bytes:
    lines = ["Statistik från Skolverket", "", "Albys egen tabell", "Valt läsår: 2023/24", "",
             f"Kommun;Kommun-kod;Typ av huvudman;{SECRET};"]
    lines += [f"Kommun {code};{code};Samtliga;{50 + i},5;" for i, code in enumerate(codes)]
    return ("\ufeff" + "\n".join(lines) + "\n\n").encode()


@pytest.fixture
def uploaded_by_a(world, client_for, django_capture_on_commit_callbacks):
    """A's coordinator uploads a file with a column the importer has not seen, through the web."""
    client = client_for("coordinator")
    url = reverse("indicators:import", kwargs={"municipality": world.a.slug})
    file = _file(world.a.code, world.b.code, world.c.code)
    with django_capture_on_commit_callbacks(execute=True):
        detail = client.post(url, {"file": SimpleUploadedFile("egen.csv", file)})["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, {"action": "import"})
    return Indicator.objects.get(name__startswith="Andel (%) elever med Albys egna mått")


def test_an_uploaded_new_column_belongs_to_the_uploading_municipality(world, uploaded_by_a):
    assert uploaded_by_a.owner_municipality == world.a and uploaded_by_a.owner_network is None
    assert not uploaded_by_a.is_common
    assert list(Measurement.objects.values_list("municipality_id", flat=True)) == [world.a.pk]


def test_other_tenants_do_not_see_an_indicator_anothers_upload_created(world, client_for, uploaded_by_a):
    own = client_for("forvaltning").get(reverse("indicators:measurement_new", kwargs={"municipality": world.a.slug}))
    assert "Albys egna mått" in own.content.decode()

    outsider = client_for("outsider")
    page = outsider.get(reverse("indicators:measurement_new", kwargs={"municipality": world.c.slug}))
    assert page.status_code == 200 and "Albys egna mått" not in page.content.decode()
    # Nor by its id: the form refuses it and nothing is saved.
    posted = outsider.post(reverse("indicators:measurement_new", kwargs={"municipality": world.c.slug}), {
        "indicator": uploaded_by_a.pk, "school": "", "school_year": "2023/24", "grade": "9", "value": "1", "marker": "",
    })
    assert posted.status_code == 200 and posted.context["form"].errors["indicator"]
    goal = GoalFactory(municipality=world.c)
    add = reverse("goals:indicator_add", kwargs={"municipality": world.c.slug, "pk": goal.pk})
    assert "Albys egna mått" not in outsider.get(add).content.decode()
    linked = outsider.post(add, {"indicator": uploaded_by_a.pk, "grade": "9", "baseline_value": "50",
                                 "baseline_year": "2024", "target_value": "60", "target_year": "2027"})
    assert linked.status_code == 200 and linked.context["form"].errors["indicator"]
    assert not GoalIndicator.objects.exists() and not Measurement.objects.filter(municipality=world.c).exists()

    # B is in the same network as A, but the indicator is A's, not the network's.
    assert not MeasurementForm(municipality=world.b, network_ids=[world.network.pk]).fields["indicator"].queryset \
        .filter(pk=uploaded_by_a.pk).exists()
    assert not IndicatorLinkForm(municipality=world.b, network_ids=[world.network.pk]).fields["indicator"].queryset \
        .filter(pk=uploaded_by_a.pk).exists()


def test_the_same_new_column_uploaded_by_another_tenant_gets_its_own_indicator(world, uploaded_by_a):
    run_import(_file(world.a.code, world.c.code), filename="egen.csv", municipality_ids=[world.c.pk],
               save_national=False, owner=world.c)
    theirs = Indicator.objects.exclude(pk=uploaded_by_a.pk).get(key=uploaded_by_a.key)
    assert theirs.owner_municipality == world.c
    assert Measurement.objects.get(municipality=world.c).indicator == theirs
    assert Measurement.objects.get(municipality=world.a).indicator == uploaded_by_a, "A's values stay A's"


def test_a_network_upload_creates_the_networks_own_indicator(world):
    run_import(_file(world.a.code, world.b.code), filename="egen.csv", municipality_ids=[world.a.pk, world.b.pk],
               save_national=False, owner=world.network)
    indicator = Indicator.objects.get()
    assert indicator.owner_network == world.network and indicator.owner_municipality is None
    for municipality in (world.a, world.b):
        assert MeasurementForm(municipality=municipality, network_ids=[world.network.pk]).fields["indicator"] \
            .queryset.filter(pk=indicator.pk).exists()
    assert not MeasurementForm(municipality=world.c, network_ids=[world.other_network.pk]).fields["indicator"] \
        .queryset.exists()


def test_the_command_and_known_columns_use_common_indicators(world, tmp_path):
    path = tmp_path / "egen.csv"
    path.write_bytes(_file(world.a.code))
    call_command("import_statistics", str(path))
    common = Indicator.objects.get()
    assert common.is_common
    # A tenant's later upload of a column that is common lands on the common indicator.
    run_import(_file(world.c.code), filename="egen.csv", municipality_ids=[world.c.pk], save_national=False,
               owner=world.c)
    assert Indicator.objects.count() == 1 and Measurement.objects.get(municipality=world.c).indicator == common


def test_platform_staff_make_an_indicator_common_and_the_copies_merge(world, uploaded_by_a):
    run_import(_file(world.a.code, world.c.code), filename="egen.csv", municipality_ids=[world.c.pk],
               save_national=False, owner=world.c)
    c_copy = Indicator.objects.get(owner_municipality=world.c)
    goal = GoalFactory(municipality=world.c)
    GoalIndicator.objects.create(goal=goal, indicator=c_copy, grade=9, baseline_value=Decimal("50"), baseline_year=2024,
                                 target_value=Decimal("60"), target_year=2027)

    common = services.indicator_make_common(indicator=uploaded_by_a)

    assert common.pk == uploaded_by_a.pk and common.is_common
    assert not Indicator.objects.filter(pk=c_copy.pk).exists(), "C's copy is merged into the common one"
    assert set(Measurement.objects.values_list("indicator_id", flat=True)) == {common.pk}
    assert Measurement.objects.get(municipality=world.c).value == Decimal("51.5")
    assert GoalIndicator.objects.get(goal=goal).indicator == common
    assert MeasurementForm(municipality=world.c, network_ids=[]).fields["indicator"].queryset \
        .filter(pk=common.pk).exists()


def test_admin_action_makes_the_chosen_indicators_common(world, uploaded_by_a, rf):
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage

    model_admin = admin.site._registry[Indicator]
    request = rf.post("/admin/indicators/indicator/")
    request.user = world.user("coordinator")
    request.session = {}
    request._messages = FallbackStorage(request)
    model_admin.make_common(request, Indicator.objects.filter(pk=uploaded_by_a.pk))
    uploaded_by_a.refresh_from_db()
    assert uploaded_by_a.is_common
