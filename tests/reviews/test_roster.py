"""The roster and the threshold are fixed when a mapping opens; invented respondents do not count.

Issue 12, section 1: a coordinator cannot lower the threshold after the answers are in, cannot
invite accounts just before a mapping to isolate a real answer, and a member invited later
lowers no response rate.
"""

import datetime

from django.utils import timezone

from municipalities.models import Level, Membership
from reviews import selectors, services
from reviews.models import LeftOut, Mapping
from reviews.services import AnswerInput

from ..factories import MembershipFactory, UserFactory
from .factories import skr_template


def _member(world, level, *, days_ago: int):
    """A member of A at ``level`` since ``days_ago`` days (the history is the record of that)."""
    user = UserFactory()
    membership = MembershipFactory(user=user, municipality=world.a, level=level)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Membership.history.filter(id=membership.pk).update(history_date=when)
    return user


def _old_members(world, days_ago=60):
    for membership in Membership.objects.filter(municipality=world.a):
        Membership.history.filter(id=membership.pk).update(history_date=timezone.now() - datetime.timedelta(days=days_ago))


def _open(world, **kw) -> Mapping:
    today = timezone.localdate()
    return services.mapping_open(
        municipality=world.a, template=skr_template(), title="Hösten", opens_on=today,
        closes_on=today + datetime.timedelta(days=14), opened_by=world.user("coordinator"), **kw,
    )


def _submit(mapping, user, level, value=4):
    answers = [AnswerInput(statement_id=st.pk, value=value) for st in mapping.template.statements.all()]
    return services.response_save(mapping=mapping, user=user, level=level, answers=answers, submit=True)


def _close(mapping):
    return services.mapping_close(mapping=Mapping.objects.get(pk=mapping.pk), by=None)


def test_threshold_is_fixed_when_the_mapping_opens_and_lowering_it_later_shows_nothing(world):
    _old_members(world)
    teachers = [_member(world, Level.LARARE, days_ago=60) for _ in range(4)] + [world.user("larare")]
    mapping = _open(world)
    assert mapping.threshold == 5
    for user in teachers:
        _submit(mapping, user, Level.LARARE, 2)
    _close(mapping)
    world.network.anonymity_threshold = 3  # the coordinator's network lowers it afterwards
    world.network.save()
    results = selectors.mapping_results(mapping=Mapping.objects.get(pk=mapping.pk))
    assert results.threshold == 5
    assert not results.statements[0].cells[Level.LARARE].visible  # 5 teachers: not threshold + 1
    assert not results.statements[0].total.visible


def test_a_member_new_on_the_level_answers_but_is_left_out_of_the_figures(world):
    _old_members(world)
    teachers = [_member(world, Level.LARARE, days_ago=60) for _ in range(5)] + [world.user("larare")]
    invented = _member(world, Level.LARARE, days_ago=3)  # invited just before the mapping
    mapping = _open(world)
    for user in teachers:
        _submit(mapping, user, Level.LARARE, 5)
    _submit(mapping, invented, Level.LARARE, 1)
    closed = _close(mapping)
    results = selectors.mapping_results(mapping=closed)
    cell = results.statements[0].cells[Level.LARARE]
    assert cell.visible and cell.n == 6 and cell.mean == 5  # the invented 1 is not in it
    teachers_row = next(lp for lp in results.participation.levels if lp.level == Level.LARARE)
    assert (teachers_row.submitted, teachers_row.counted, teachers_row.new_members) == (7, 6, 1)
    assert teachers_row.asked == 7 and teachers_row.percent == 100
    # The audit trail keeps it with the closing.
    assert "Lärare: 1 av de tillfrågade är nya på nivån" in closed.left_out_summary
    assert "Lärare: 1 svar räknas inte (ny på nivån" in closed.left_out_summary
    assert closed.history.filter(left_out_summary__contains="1 svar räknas inte").exists()


def test_results_page_says_per_level_how_many_answers_were_left_out_and_why(world, client_for):
    _old_members(world)
    for _ in range(6):
        _member(world, Level.LARARE, days_ago=60)
    new = _member(world, Level.REKTOR, days_ago=2)
    mapping = _open(world)
    _submit(mapping, new, Level.REKTOR)
    late = _member(world, Level.LARARE, days_ago=0)  # joins after the mapping opened
    _submit(mapping, late, Level.LARARE)
    _close(mapping)
    html = client_for("namnd").get(f"/k/alby/kartlaggning/{mapping.pk}/resultat/").content.decode()
    assert "Räknas inte i siffrorna" in html
    assert "1 svar från en person som var ny på nivån" in html
    assert "1 svar från en person som blev medlem efter att kartläggningen öppnade" in html


def test_a_member_who_joins_after_opening_lowers_no_response_rate(world):
    _old_members(world)
    mapping = _open(world)
    _submit(mapping, world.user("larare"), Level.LARARE)
    for _ in range(3):
        _member(world, Level.LARARE, days_ago=0)  # invited in December, mapping opened in November
    late = _member(world, Level.LARARE, days_ago=0)
    response = _submit(mapping, late, Level.LARARE)
    assert not response.counted and response.left_out == LeftOut.NOT_ASKED
    row = next(lp for lp in selectors.mapping_participation(mapping=mapping).levels if lp.level == Level.LARARE)
    assert (row.asked, row.submitted, row.not_asked, row.percent) == (1, 2, 1, 100)


def test_a_member_answers_at_the_level_they_were_asked_at(world):
    _old_members(world)
    mapping = _open(world)
    Membership.objects.filter(user=world.user("rektor"), municipality=world.a).update(level=Level.FORVALTNING)
    response = _submit(mapping, world.user("rektor"), Level.FORVALTNING)
    assert response.level == Level.REKTOR and response.counted


def test_deleting_an_account_after_closing_changes_no_figure(world):
    _old_members(world)
    teachers = [_member(world, Level.LARARE, days_ago=60) for _ in range(6)]
    mapping = _open(world)
    for i, user in enumerate(teachers):
        _submit(mapping, user, Level.LARARE, 1 + i % 6)
    closed = _close(mapping)
    before = selectors.mapping_results(mapping=closed).statements[0].cells[Level.LARARE].mean
    teachers[0].delete()
    after = selectors.mapping_results(mapping=Mapping.objects.get(pk=mapping.pk)).statements[0].cells[Level.LARARE]
    assert after.visible and after.mean == before and after.n == 6


def test_no_figures_while_the_mapping_is_open_only_participation(world):
    _old_members(world)
    teachers = [_member(world, Level.LARARE, days_ago=60) for _ in range(7)]
    mapping = _open(world)
    for user in teachers:
        _submit(mapping, user, Level.LARARE)
    results = selectors.mapping_results(mapping=mapping)
    assert not results.available and results.statements == []
    assert results.participation.submitted == 7
    summary = selectors.mapping_summaries(mappings=[mapping])[mapping.pk]
    assert not summary.available and summary.statements == []


def test_platform_staff_cannot_change_an_opened_mappings_threshold_or_dates_in_the_admin(world):
    from django.contrib.admin.sites import site

    mapping = _open(world)
    admin = site._registry[Mapping]
    assert {"threshold", "opens_on", "closes_on"} <= set(admin.get_readonly_fields(None, mapping))
    assert "threshold" not in admin.get_readonly_fields(None, None)
