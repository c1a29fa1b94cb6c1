"""Principals' time (dimension 7): the log, the target, the trend, freed time, privacy and the status."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Level, Membership
from principal_time import selectors, services
from principal_time.models import TimeTarget, WeekLog, week_start
from quality.selectors import tool_statuses

from .. import factories as f
from ..national_scale import SCHOOLS, SMALL_SCHOOLS
from .factories import freed, target, weeks

pytestmark = pytest.mark.django_db


def _url(world, name, **kw):
    return reverse(f"principal_time:{name}", kwargs={"municipality": world.a.slug, **kw})


def _principal(world, *, school=None, email=None):
    user = f.UserFactory(email=email) if email else f.UserFactory()
    f.MembershipFactory(user=user, municipality=world.a, level=Level.REKTOR, school=school or world.school_a2)
    return user


# --- Services ------------------------------------------------------------------------------------

def test_a_week_is_logged_by_its_monday_and_saving_it_again_replaces_it(world):
    rektor = world.users["rektor"]
    today = timezone.localdate()
    services.week_log_save(municipality=world.a, principal=rektor, week=today, today=today,
                           lesson_visits=Decimal(3), administration=Decimal(20))
    log = services.week_log_save(municipality=world.a, principal=rektor, week=week_start(today) + datetime.timedelta(days=2),
                                 today=today, lesson_visits=Decimal(5), analysis=Decimal("1.5"))
    assert WeekLog.objects.filter(principal=rektor).count() == 1
    assert log.week == week_start(today)
    assert log.leadership_hours == Decimal("6.5") and log.administration == 0


def test_a_future_week_or_an_impossible_week_is_refused(world):
    rektor = world.users["rektor"]
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.week_log_save(municipality=world.a, principal=rektor, week=today + datetime.timedelta(days=7), today=today)
    with pytest.raises(ValidationError):
        services.week_log_save(municipality=world.a, principal=rektor, week=today, today=today,
                               administration=Decimal(60), other=Decimal(30))


def test_only_a_principal_of_the_municipality_has_a_log_or_a_target(world):
    with pytest.raises(ValidationError):
        services.week_log_save(municipality=world.a, principal=world.users["larare"], week=timezone.localdate())
    with pytest.raises(ValidationError):
        services.target_set(municipality=world.b, principal=world.users["rektor"], hours=Decimal(8),
                            valid_from=timezone.localdate(), set_by=world.users["forvaltning"])


# --- The trend -----------------------------------------------------------------------------------

def test_the_trend_compares_each_week_with_the_target_in_force_then(world):
    rektor = world.users["rektor"]
    target(municipality=world.a, principal=rektor, hours="8", weeks_ago=10)
    target(municipality=world.a, principal=rektor, hours="10", weeks_ago=2)
    weeks(municipality=world.a, principal=rektor, leadership=[9, 9, 9, 9, 11])
    trend = selectors.principal_trend(municipality=world.a, principal_id=rektor.pk)
    assert [w.target for w in trend.weeks[-5:]] == [Decimal(8), Decimal(8), Decimal(10), Decimal(10), Decimal(10)]
    assert [w.reached for w in trend.weeks[-5:]] == [True, True, False, False, True]
    assert trend.weeks[0].log is None and trend.weeks[0].reached is None
    assert trend.target.hours == Decimal(10)
    assert trend.recent_average == Decimal("9.5") and trend.recent_logged == 4
    assert trend.recent_gap == Decimal("-0.5")


def test_freed_time_adds_up_and_a_delegation_keeps_to_whom(world):
    rektor = world.users["rektor"]
    services.freed_add(municipality=world.a, principal=rektor, title="Fakturor", kind="delegated",
                       delegated_to="Administratören", hours=Decimal(2), since=timezone.localdate())
    services.freed_add(municipality=world.a, principal=rektor, title="Lokalmöte", kind="removed",
                       delegated_to="ignoreras", hours=Decimal("1.5"), since=timezone.localdate())
    trend = selectors.principal_trend(municipality=world.a, principal_id=rektor.pk)
    assert trend.freed_hours == Decimal("3.5") and trend.freed_count == 2
    items = {i.title: i.delegated_to for i in selectors.freed_list(municipality=world.a, principal_id=rektor.pk)}
    assert items == {"Fakturor": "Administratören", "Lokalmöte": ""}


# --- Dimension 7's status: counts, and hours only for enough principals ---------------------------

def test_the_status_shows_no_hours_for_too_few_principals(world):
    rektor = world.users["rektor"]
    target(municipality=world.a, principal=rektor)
    weeks(municipality=world.a, principal=rektor, leadership=[12, 12])
    freed(municipality=world.a, principal=rektor)
    status = selectors.time_status(municipality=world.a)
    assert (status.principals, status.with_target, status.logging) == (1, 1, 1)
    assert status.average is None and status.freed_hours is None
    assert "12" not in status.summary and "timmar i veckan frigjorda" not in status.summary
    s7 = next(s for s in tool_statuses(municipality=world.a) if s.number == 7)
    assert s7.status == status.summary and s7.url_name == "principal_time:home"


def test_the_status_shows_hours_for_a_large_enough_group(world):
    minimum = selectors.time_status(municipality=world.a).minimum
    for i in range(minimum):
        p = world.users["rektor"] if i == 0 else _principal(world)
        target(municipality=world.a, principal=p, hours="10")
        weeks(municipality=world.a, principal=p, leadership=[8 if i % 2 else 12])
        freed(municipality=world.a, principal=p, hours="2")
    status = selectors.time_status(municipality=world.a)
    assert status.logging == minimum and status.average is not None
    assert status.average_target == Decimal(10)
    assert status.reaching == (minimum + 1) // 2
    assert status.freed_hours == Decimal(2 * minimum)
    assert status.level == "ok"


# --- Pages and privacy ---------------------------------------------------------------------------

def test_the_principal_logs_a_week_on_the_log_page_and_sees_it_in_the_trend(world, client_for):
    client = client_for("rektor")
    response = client.post(_url(world, "log"), {"lesson_visits": "4", "collegial_learning": "2,5", "analysis": "1",
                                                "administration": "20", "other": "", "note": "Bra vecka"})
    assert response.status_code == 302
    log = WeekLog.objects.get(principal=world.users["rektor"])
    assert log.leadership_hours == Decimal("7.5") and log.note == "Bra vecka"
    page = client.get(response["Location"]).content.decode()
    assert "7,5" in page and "Min tid för pedagogiskt ledarskap" in page


def test_a_bad_log_keeps_what_was_typed_and_says_what_is_wrong(world, client_for):
    response = client_for("rektor").post(_url(world, "log"), {"lesson_visits": "4", "administration": "120"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="4"' in page and "120" in page
    assert not WeekLog.objects.exists()


def test_forvaltning_sets_the_target_and_the_principal_cannot(world, client_for):
    url = _url(world, "principal", user_id=world.users["rektor"].pk)
    data = {"form": "target", "hours": "9,5", "valid_from": str(timezone.localdate()), "note": "Dialogen i oktober"}
    assert client_for("rektor").post(url, data).status_code == 403
    assert client_for("forvaltning").post(url, data).status_code == 302
    t = TimeTarget.objects.get()
    assert t.hours == Decimal("9.5") and t.valid_from == week_start(timezone.localdate())
    assert t.set_by == world.users["forvaltning"]


def test_another_principal_a_teacher_and_a_non_administration_coordinator_see_no_principal_s_time(world, client_for):
    weeks(municipality=world.a, principal=world.users["rektor"], leadership=[7])
    url = _url(world, "principal", user_id=world.users["rektor"].pk)
    other = _principal(world)
    teacher_coordinator = f.UserFactory()
    f.MembershipFactory(user=teacher_coordinator, municipality=world.a, level=Level.LARARE, is_coordinator=True,
                        school=world.school_a1)
    from django.test import Client

    for user in (other, teacher_coordinator):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 403
    for persona in ("larare", "namnd"):
        assert client_for(persona).get(url).status_code == 403
    # The tool's start page shows them counts, never a name or an hour of anyone's.
    page = client_for("larare").get(_url(world, "home")).content.decode()
    assert world.users["rektor"].full_name not in page and "Snitt, h/vecka" not in page


def test_forvaltning_sees_every_principal_in_one_table(world, client_for):
    other = _principal(world, email="rektor-norra@example.se")
    target(municipality=world.a, principal=other, hours="6")
    weeks(municipality=world.a, principal=other, leadership=[7, 7])
    page = client_for("forvaltning").get(_url(world, "home")).content.decode()
    assert world.users["rektor"].full_name in page
    assert _url(world, "principal", user_id=other.pk) in page
    assert "Når målet" in page and "Inget mål ännu" in page


def test_the_principal_removes_only_their_own_freed_rows(world, client_for):
    own = freed(municipality=world.a, principal=world.users["rektor"])
    other = _principal(world)
    theirs = freed(municipality=world.a, principal=other)
    url = _url(world, "principal", user_id=world.users["rektor"].pk)
    assert client_for("rektor").post(url, {"form": "remove", "pk": theirs.pk}).status_code == 404
    assert client_for("rektor").post(url, {"form": "remove", "pk": own.pk}).status_code == 302
    assert list(selectors.freed_list(municipality=world.a, principal_id=other.pk)) == [theirs]
    assert not selectors.freed_list(municipality=world.a, principal_id=world.users["rektor"].pk)


# --- Query counts --------------------------------------------------------------------------------

def _grow(world, schools: int) -> None:
    """A principal at each of ``schools`` more schools, with a target, weeks logged and freed time."""
    for _i in range(schools):
        p = _principal(world, school=f.SchoolFactory(municipality=world.a))
        target(municipality=world.a, principal=p)
        weeks(municipality=world.a, principal=p, leadership=[5, 6, 7, 8, 9, 10])
        freed(municipality=world.a, principal=p)
        freed(municipality=world.a, principal=world.users["rektor"])
    WeekLog.objects.filter(principal=world.users["rektor"]).delete()
    weeks(municipality=world.a, principal=world.users["rektor"], leadership=list(range(min(schools, 12))))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


PAGES = [("forvaltning", "home"), ("namnd", "home"), ("rektor", "principal"), ("forvaltning", "principal"),
         ("rektor", "log"), ("larare", "quality"), ("forvaltning", "quality")]


def test_every_page_makes_the_same_number_of_queries_with_every_school_of_a_large_municipality(
        world, client_for, settings):
    """Every page of the tool, as who uses it: the same count with 4 principals and with 47."""
    settings.TENANT_CACHE_SECONDS = 0
    urls = {
        "home": _url(world, "home"), "log": _url(world, "log"),
        "principal": _url(world, "principal", user_id=world.users["rektor"].pk),
        "quality": reverse("quality:home", kwargs={"municipality": world.a.slug}),
    }

    def counts():
        return {f"{persona}-{page}": _count(client_for(persona), urls[page]) for persona, page in PAGES}

    _grow(world, SMALL_SCHOOLS)
    counts()  # warm: sessions, the membership cache
    small = counts()
    _grow(world, SCHOOLS)
    assert Membership.objects.filter(municipality=world.a, level=Level.REKTOR).count() >= SCHOOLS
    large = counts()
    grew = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grew, f"queries with {SMALL_SCHOOLS + 1} principals and with {SCHOOLS + SMALL_SCHOOLS + 1}: {grew}"
