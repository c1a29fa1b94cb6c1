"""Rounds, meetings, registration, attendance, groups, calendars and reminders (services and selectors)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from municipalities.models import Level
from networks import selectors, services
from networks.calendar import meeting_ical
from networks.models import Group, Meeting, Registration, Round
from networks.selectors import Phase

from .factories import GroupFactory, MeetingFactory, RegistrationFactory, RoundFactory

TODAY = datetime.date(2026, 3, 10)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --- Rounds and phases -----------------------------------------------------------------------------


def test_rounds_are_numbered_and_limited_to_the_agreed_number(world):
    world.network.agreed_rounds = 2
    world.network.save()
    first = services.round_create(network=world.network, home_phase_starts=TODAY)
    second = services.round_create(network=world.network, home_phase_starts=TODAY + datetime.timedelta(days=60))
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError, match="2 omgångar"):
        services.round_create(network=world.network, home_phase_starts=TODAY + datetime.timedelta(days=120))
    assert Round.objects.filter(network=world.network).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_leader_adds_a_round_through_the_page_outside_a_test_transaction(world, client_for):
    # Other tests run inside a transaction, which hides a service that locks (FOR UPDATE) without
    # its own: this one runs as a real request does, in autocommit (the page once answered 500).
    response = client_for("leader").post(
        reverse("networks:round_create", kwargs={"network": world.network.slug}), {"home_phase_starts": "2030-01-15"}
    )
    assert response.status_code == 302
    assert Round.objects.get(network=world.network).number == 1


def test_a_round_cannot_start_before_the_previous_meeting_ends(world):
    first = RoundFactory(network=world.network, number=1, home_phase_starts=TODAY)
    MeetingFactory(round=first, starts=at(TODAY + datetime.timedelta(days=30), 9), ends=at(TODAY + datetime.timedelta(days=30), 16))
    with pytest.raises(ValidationError) as exc:
        services.round_create(network=world.network, home_phase_starts=TODAY + datetime.timedelta(days=10))
    assert "home_phase_starts" in exc.value.message_dict
    assert Round.objects.filter(network=world.network).count() == 1


def test_phase_is_derived_from_the_dates(world):
    r1 = RoundFactory(network=world.network, number=1, home_phase_starts=TODAY)
    meeting_day = TODAY + datetime.timedelta(days=40)
    MeetingFactory(round=r1, starts=at(meeting_day, 9), ends=at(meeting_day, 16))
    r2 = RoundFactory(network=world.network, number=2, home_phase_starts=meeting_day + datetime.timedelta(days=1))

    def phase(day):
        return selectors.municipality_phase(municipality=world.a, network=world.network, today=day)

    assert (phase(TODAY - datetime.timedelta(days=1)).round, phase(TODAY - datetime.timedelta(days=1)).phase) == (r1, Phase.NOT_STARTED)
    assert (phase(TODAY).round, phase(TODAY).phase) == (r1, Phase.HOME)
    assert (phase(meeting_day).round, phase(meeting_day).phase) == (r1, Phase.MEETING)
    after = meeting_day + datetime.timedelta(days=1)
    assert (phase(after).round, phase(after).phase) == (r2, Phase.HOME)  # no meeting planned: stays home
    assert selectors.current_round(network=world.network, today=TODAY) == r1
    assert selectors.current_round(network=world.network, today=after) == r2
    assert selectors.current_round(network=world.network, today=TODAY - datetime.timedelta(days=1)) is None


def test_a_municipality_that_joins_later_has_not_started(world):
    RoundFactory(network=world.network, number=1, home_phase_starts=TODAY)
    nm = world.b.network_memberships.get(network=world.network)
    nm.joined_on = TODAY + datetime.timedelta(days=5)
    nm.save()
    assert selectors.municipality_phase(municipality=world.b, network=world.network, today=TODAY).phase == Phase.NOT_STARTED
    assert selectors.municipality_phase(municipality=world.a, network=world.network, today=TODAY).phase == Phase.HOME


# --- Planning meetings ---------------------------------------------------------------------------


def test_leader_plans_a_meeting_and_invites_everyone(world, django_capture_on_commit_callbacks):
    round_ = RoundFactory(network=world.network, number=1, home_phase_starts=timezone.localdate())
    day = timezone.localdate() + datetime.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_plan(
            round=round_, planned_by=world.user("leader"), starts=at(day, 9), ends=at(day, 15),
            place="Stadshuset", agenda="Välkommen\n\nPresentationer\n", send_invitations=True,
        )
    assert meeting.agenda_items == ["Välkommen", "Presentationer"]
    recipients = sorted(m.to[0] for m in mail.outbox)
    # Every member of A and B, nobody from C.
    assert recipients == sorted(
        ["namnd@example.se", "forvaltning@example.se", "rektor@example.se", "larare@example.se", "coordinator@example.se", "peer@example.se"]
    )
    assert mail.outbox[0].attachments[0][0] == "natverkstraff.ics"
    assert meeting.invitations_sent_at is not None


@pytest.mark.parametrize(
    ("starts_days", "start_hour", "end_hour", "place", "video", "field"),
    [
        (-1, 9, 15, "Stadshuset", "", "date"),  # in the past
        (5, 15, 9, "Stadshuset", "", "ends_at"),  # ends before it starts
        (5, 9, 15, "", "", "place"),  # nowhere
    ],
)
def test_bad_meeting_input_is_refused_and_nothing_saved(world, starts_days, start_hour, end_hour, place, video, field):
    round_ = RoundFactory(network=world.network, number=1, home_phase_starts=timezone.localdate() - datetime.timedelta(days=10))
    day = timezone.localdate() + datetime.timedelta(days=starts_days)
    with pytest.raises(ValidationError) as exc:
        services.meeting_plan(
            round=round_, planned_by=world.user("leader"), starts=at(day, start_hour), ends=at(day, end_hour),
            place=place, video_link=video,
        )
    assert field in exc.value.message_dict
    assert not Meeting.objects.filter(round=round_).exists()


def test_meeting_in_the_past_message_is_clear(world):
    round_ = RoundFactory(network=world.network, number=1, home_phase_starts=timezone.localdate() - datetime.timedelta(days=10))
    day = timezone.localdate() - datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as exc:
        services.meeting_plan(round=round_, planned_by=None, starts=at(day, 9), ends=at(day, 12), place="Här")
    assert exc.value.message_dict["date"] == ["Träffen kan inte ligga i det förflutna. Välj ett datum från och med i dag."]


# --- Registration and attendance -----------------------------------------------------------------


def test_member_registers_once_at_their_level(world):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    reg = services.registration_create(meeting=meeting, user=world.user("namnd"), municipality=world.a, registered_by=world.user("namnd"))
    assert (reg.level, reg.municipality, reg.name) == (Level.NAMND, world.a, "Namnd Testsson")
    with pytest.raises(ValidationError, match="redan anmäld"):
        services.registration_create(meeting=meeting, user=world.user("namnd"), municipality=world.a, registered_by=None)
    with pytest.raises(ValidationError, match="inte medlem"):
        services.registration_create(meeting=meeting, user=world.user("peer"), municipality=world.a, registered_by=None)
    with pytest.raises(ValidationError, match="inte med i nätverket"):
        services.registration_create(meeting=meeting, user=world.user("outsider"), municipality=world.c, registered_by=None)
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_no_registration_after_the_meeting(world):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1), in_days=-3)
    with pytest.raises(ValidationError, match="redan varit"):
        services.registration_create(meeting=meeting, user=world.user("larare"), municipality=world.a, registered_by=None)


def test_attendance_is_saved_in_one_go_and_foreign_ids_change_nothing(world):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    other = MeetingFactory(round=RoundFactory(network=world.network, number=2))
    a = RegistrationFactory(meeting=meeting, municipality=world.a, user=world.user("namnd"), level=Level.NAMND)
    b = RegistrationFactory(meeting=meeting, municipality=world.b, user=world.user("peer"), attended=True)
    foreign = RegistrationFactory(meeting=other, municipality=world.a, user=world.user("larare"))
    assert services.attendance_save(meeting=meeting, attended_ids={a.pk}) == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.attended, b.attended) == (True, False)
    with pytest.raises(ValidationError):
        services.attendance_save(meeting=meeting, attended_ids={b.pk, foreign.pk})
    b.refresh_from_db()
    assert b.attended is False


def test_walk_in_is_present_and_must_be_from_the_network(world):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    walk_in = services.walk_in_add(meeting=meeting, municipality=world.b, level=Level.REKTOR, name=" Ny Rektor ", added_by=world.user("leader"))
    assert (walk_in.attended, walk_in.walk_in, walk_in.user, walk_in.name) == (True, True, None, "Ny Rektor")
    with pytest.raises(ValidationError):
        services.walk_in_add(meeting=meeting, municipality=world.c, level=Level.REKTOR, name="X", added_by=None)


def test_participation_flags_a_municipality_without_one_of_its_levels(world):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    for level in Level.values:
        RegistrationFactory(meeting=meeting, municipality=world.a, level=level, attended=level != Level.NAMND)
    RegistrationFactory(meeting=meeting, municipality=world.b, level=Level.LARARE, attended=True)
    attendance = selectors.meeting_attendance(meeting=meeting)
    rows = {row.municipality.slug: row for row in attendance.municipalities}
    assert attendance.attendance_taken
    assert rows["alby"].missing_attended_levels == [str(Level.NAMND.label)]
    assert rows["alby"].missing_registered_levels == []
    assert len(rows["bstad"].missing_attended_levels) == 3
    assert [r.municipality.slug for r in attendance.flagged] == ["alby", "bstad"]
    assert (attendance.total_registered, attendance.total_attended) == (5, 4)


def test_the_meeting_pages_counted_participation_agrees_with_the_registrations(world):
    """The meeting page counts in the database (issue 18); the attendance page reads each registration."""
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    for level in Level.values:
        RegistrationFactory(meeting=meeting, municipality=world.a, level=level, attended=level != Level.NAMND)
    RegistrationFactory(meeting=meeting, municipality=world.a, level=Level.LARARE, attended=False)
    RegistrationFactory(meeting=meeting, municipality=world.b, level=Level.LARARE, attended=True)
    # A municipality that has left the network since it registered: still counted, listed last.
    RegistrationFactory(meeting=meeting, municipality=world.c, level=Level.REKTOR, attended=True)
    full = selectors.meeting_attendance(meeting=meeting)
    counted = selectors.meeting_attendance(meeting=meeting, with_registrations=False)

    def figures(attendance):
        return [(row.municipality.name, row.level_rows) for row in attendance.municipalities]

    assert figures(counted) == figures(full)
    assert [row.municipality.pk for row in counted.municipalities][-1] == world.c.pk
    assert counted.attendance_taken and full.attendance_taken
    assert (counted.total_registered, counted.total_attended) == (full.total_registered, full.total_attended) == (7, 5)
    assert [r.municipality.name for r in counted.flagged] == [r.municipality.name for r in full.flagged]
    assert all(row.registrations == [] for row in counted.municipalities)


# --- Groups ----------------------------------------------------------------------------------------


def _attending(meeting, world, n_per_level=2):
    regs = []
    for municipality in (world.a, world.b):
        for level in Level.values:
            for _ in range(n_per_level):
                regs.append(RegistrationFactory(meeting=meeting, municipality=municipality, level=level, attended=True))
    return regs


def test_groups_are_generated_and_replace_the_old_ones(world):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    regs = _attending(meeting, world)
    result = services.groups_generate(meeting=meeting, size=4, rooms="Sal A\nSal B")
    assert len(result.groups) == 4
    assert Registration.objects.filter(meeting=meeting, group__isnull=True).count() == 0
    assert list(Group.objects.filter(meeting=meeting).values_list("room", flat=True)) == ["Sal A", "Sal B", "Sal A", "Sal B"]
    services.groups_generate(meeting=meeting, size=8)
    assert Group.objects.filter(meeting=meeting).count() == 2
    assert len(regs) == 16


@pytest.mark.parametrize(("size", "message"), [(0, "minst 1"), (17, "större än antalet deltagare")])
def test_bad_group_size_is_refused_and_the_old_groups_stay(world, size, message):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    _attending(meeting, world)
    services.groups_generate(meeting=meeting, size=4)
    before = list(Registration.objects.filter(meeting=meeting).values_list("pk", "group_id"))
    with pytest.raises(ValidationError, match=message):
        services.groups_generate(meeting=meeting, size=size)
    assert list(Registration.objects.filter(meeting=meeting).values_list("pk", "group_id")) == before
    assert Group.objects.filter(meeting=meeting).count() == 4


def test_groups_from_attendance_need_attendance(world):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    RegistrationFactory(meeting=meeting, municipality=world.a)
    with pytest.raises(ValidationError, match="Ingen närvaro"):
        services.groups_generate(meeting=meeting, size=2)
    assert services.groups_generate(meeting=meeting, size=1, source="registered").groups


def test_each_persons_move_list_offers_every_group_with_their_own_selected_and_moves_them(world, client_for):
    import re

    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    _attending(meeting, world)
    services.groups_generate(meeting=meeting, size=4)
    groups = {g.pk: g.number for g in Group.objects.filter(meeting=meeting)}
    client = client_for("leader")
    url = reverse("networks:meeting_groups", kwargs={"network": world.network.slug, "meeting_id": meeting.pk})
    html = client.get(url).content.decode()
    for reg in Registration.objects.filter(meeting=meeting):
        select = re.search(rf'<select name="group" id="move-{reg.pk}">(.*?)</select>', html, re.S).group(1)
        options = re.findall(r'<option value="(\d+)"( selected)?>Grupp (\d+)</option>', select)
        assert [(int(pk), int(n)) for pk, _sel, n in options] == sorted(groups.items(), key=lambda kv: kv[1])
        assert [int(pk) for pk, sel, _n in options if sel] == [reg.group_id]
    mover = Registration.objects.filter(meeting=meeting).order_by("pk").first()
    target = next(pk for pk in groups if pk != mover.group_id)
    response = client.post(reverse("networks:group_move", kwargs={"network": world.network.slug, "meeting_id": meeting.pk}),
                           {"registration": mover.pk, "group": target})
    assert response.status_code == 302
    mover.refresh_from_db()
    assert mover.group_id == target
    html = client.get(url).content.decode()
    select = re.search(rf'<select name="group" id="move-{mover.pk}">(.*?)</select>', html, re.S).group(1)
    assert f'<option value="{target}" selected>' in select


def test_moving_into_a_group_of_another_meeting_is_refused(world):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    other_group = GroupFactory(meeting=MeetingFactory(round=RoundFactory(network=world.network, number=2)), number=1)
    g1, g2 = GroupFactory(meeting=meeting, number=1), GroupFactory(meeting=meeting, number=2)
    reg = RegistrationFactory(meeting=meeting, municipality=world.a, group=g1)
    with pytest.raises(ValidationError, match="annan träff"):
        services.group_move_person(meeting=meeting, registration_id=reg.pk, group_id=other_group.pk)
    reg.refresh_from_db()
    assert reg.group == g1
    services.group_move_person(meeting=meeting, registration_id=reg.pk, group_id=g2.pk)
    reg.refresh_from_db()
    assert reg.group == g2


# --- Calendars -------------------------------------------------------------------------------------


def test_meeting_ical_has_a_stable_uid_local_times_place_url_and_agenda(world, settings):
    settings.SITE_URL = "https://skolnatverk.example"
    meeting = MeetingFactory(
        round=RoundFactory(network=world.network, number=2),
        starts=at(datetime.date(2026, 6, 2), 9), ends=at(datetime.date(2026, 6, 2), 16),
        place="Folkets hus, Fagersta", agenda="Välkommen\nPresentationer",
    )
    raw = meeting_ical(meeting=meeting)
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["UID"]) == f"natverkstraff-{meeting.pk}@skolnatverk.example"
    meeting.place = "Nytt ställe"
    meeting.save()
    # Moving the meeting keeps the UID, so calendar apps update the event instead of adding one.
    assert str(Calendar.from_ical(meeting_ical(meeting=meeting)).walk("VEVENT")[0]["UID"]) == str(event["UID"])
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTART").hour == 9 and event.decoded("DTEND").hour == 16
    assert str(event["LOCATION"]) == "Folkets hus, Fagersta"  # as first generated
    assert str(event["URL"]) == f"https://skolnatverk.example/n/natverk-norr/traffar/{meeting.pk}/"
    assert "- Välkommen\n- Presentationer" in str(event["DESCRIPTION"])
    assert b"BEGIN:VTIMEZONE" in raw


def test_calendar_feed_works_without_login_and_dies_when_reset(world, client):
    mine = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    MeetingFactory(round=RoundFactory(network=world.other_network, number=1))  # not the teacher's network
    feed = services.calendar_feed_for(user=world.user("larare"))
    assert services.calendar_feed_for(user=world.user("larare")).token == feed.token
    response = client.get(f"/kalender/{feed.token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["UID"]).split("@")[0] for e in events] == [f"natverkstraff-{mine.pk}"]
    new = services.calendar_feed_reset(user=world.user("larare"))
    assert new.token != feed.token and len(new.token) >= 40
    assert client.get(f"/kalender/{feed.token}.ics").status_code == 404
    assert client.get(f"/kalender/{new.token}.ics").status_code == 200


def test_calendar_settings_page_resets_the_address(world, client_for):
    client = client_for("larare")
    page = client.get("/kalender/")
    old = services.calendar_feed_for(user=world.user("larare")).token
    assert old in page.content.decode()
    client.post("/kalender/")
    assert services.calendar_feed_for(user=world.user("larare")).token != old


# --- Reminders and the start page ------------------------------------------------------------------


def test_meeting_reminders_are_sent_once_three_days_before(world):
    today = timezone.localdate()
    soon = MeetingFactory(round=RoundFactory(network=world.network, number=1), in_days=3)
    later = MeetingFactory(round=RoundFactory(network=world.network, number=2), in_days=10)
    r1 = RegistrationFactory(meeting=soon, municipality=world.a, user=world.user("namnd"))
    RegistrationFactory(meeting=soon, municipality=world.a, user=world.user("rektor"))
    RegistrationFactory(meeting=soon, municipality=world.a, user=None, name="Gäst")  # no address
    RegistrationFactory(meeting=later, municipality=world.a, user=world.user("larare"))
    assert {r.pk for r in services.meeting_reminders_due(today=today)} >= {r1.pk}
    sent = services.meeting_reminders_send(today=today, skip_user_ids=[world.user("rektor").pk])
    assert sent.sent == 1
    assert [m.to for m in mail.outbox] == [["namnd@example.se"]]
    assert f"/traffar/{soon.pk}/" in mail.outbox[0].body
    assert services.meeting_reminders_send(today=today).sent == 1  # the rektor, who opted back in
    assert services.meeting_reminders_send(today=today).sent == 0
    assert len(mail.outbox) == 2


def test_start_page_asks_members_to_register_for_the_next_meeting(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1), in_days=12)
    client = client_for("larare")
    title = "Anmäl dig till nätverksträffen"
    assert title in client.get("/").content.decode()
    services.registration_create(meeting=meeting, user=world.user("larare"), municipality=world.a, registered_by=None)
    assert title not in client.get("/").content.decode()
    assert title not in client_for("leader").get("/").content.decode()
    assert title not in client_for("outsider").get("/").content.decode()


def test_participation_cells_are_the_level_rows_in_level_order():
    """networks_tags.participation_cells builds the table's cells (issue 18): the same figures."""
    from networks.selectors import MunicipalityAttendance
    from networks.templatetags.networks_tags import participation_cells

    row = MunicipalityAttendance(
        municipality=None, registrations=[],
        registered={"namnd": 1, "forvaltning": 2, "rektor": 3, "larare": 4},
        attended={"namnd": 0, "forvaltning": 1, "rektor": 2, "larare": 3},
    )
    assert participation_cells(row, False) == "".join(f'<td class="num">{r}</td>' for _v, _l, r, _a in row.level_rows)
    assert participation_cells(row, True) == "".join(
        f'<td class="num">{a} <span class="muted">({r})</span></td>' for _v, _l, r, a in row.level_rows
    )


def test_largest_gap_says_the_shown_means_of_the_largest_difference():
    """networks_tags.largest_gap (issue 18): the first of the results' gaps, one decimal, escaped."""
    from types import SimpleNamespace

    from django.utils import translation

    from networks.templatetags.networks_tags import largest_gap

    gap = SimpleNamespace(statement=SimpleNamespace(label="Mål & riktning"), high_label="Rektor", high=4.25,
                          low_label="Lärare", low=2.0)
    with translation.override("sv"):
        assert largest_gap(SimpleNamespace(largest_gap=gap)) == (
            '<span class="role">Största skillnaden: Mål &amp; riktning – Rektor 4,3, Lärare 2,0</span>'
        )
        assert largest_gap(SimpleNamespace(largest_gap=None)) == "" and largest_gap(None) == ""


def _attendance_row(name, registered, attended):
    from municipalities.models import Municipality
    from networks.selectors import MunicipalityAttendance

    return MunicipalityAttendance(
        municipality=Municipality(name=name), registrations=[],
        registered=dict(zip(["namnd", "forvaltning", "rektor", "larare"], registered, strict=True)),
        attended=dict(zip(["namnd", "forvaltning", "rektor", "larare"], attended, strict=True)),
    )


def test_participation_rows_flag_a_municipality_without_a_level_and_escape_its_name():
    """networks_tags.participation_rows (issue 18): the rows the template's loop gave, names escaped;
    before attendance is taken the registrations decide, after it the attendance."""
    from types import SimpleNamespace

    from django.utils import translation

    from networks.templatetags.networks_tags import participation_cells, participation_rows

    full = _attendance_row("Ås & Å", (1, 1, 1, 1), (1, 0, 1, 1))
    lacking = _attendance_row("<Bo>", (1, 0, 2, 0), (0, 0, 0, 0))
    with translation.override("sv"):
        registered = participation_rows(SimpleNamespace(attendance_taken=False, municipalities=[full, lacking]))
        assert registered == (
            f'\n    \n    <tr>\n      <th scope="row">Ås &amp; Å</th>\n      {participation_cells(full, False)}'
            '\n      <td><span class="badge badge--ok">Ja</span></td>\n    </tr>\n    \n  '
            f'\n    \n    <tr class="row--warning">\n      <th scope="row">&lt;Bo&gt;</th>\n      {participation_cells(lacking, False)}'
            '\n      <td><span class="badge badge--warning">Saknar Förvaltning, Lärare</span></td>\n    </tr>\n    \n  '
        )
        attended = participation_rows(SimpleNamespace(attendance_taken=True, municipalities=[full]))
        assert '<tr class="row--warning">' in attended and "Saknar Förvaltning</span>" in attended
    with translation.override("en"):
        assert '<span class="badge badge--warning">Missing ' in participation_rows(
            SimpleNamespace(attendance_taken=True, municipalities=[full]))



def test_meeting_get_gives_the_meeting_with_its_round_and_network_in_one_query(world, django_assert_num_queries):
    """The access helper (issue 18): the network is the one it was found in, not read again."""
    from django_scopes import scope

    from networks.selectors import meeting_get

    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    with scope(network=world.network.pk), django_assert_num_queries(1):
        found = meeting_get(network=world.network, pk=meeting.pk)
        assert (found.round.number, found.round.network.slug) == (1, world.network.slug)
