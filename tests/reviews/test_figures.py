"""A closed mapping's figures are counted once and kept (Mapping.figures, issue 18): what is read
back is exactly what counting the answers gives, hidden cells included, and whatever could make
the kept figures differ from a new count (reopening, another threshold) makes them counted again."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import user_delete_account
from municipalities.models import Level
from reviews import selectors
from reviews.aggregation import FEW, PROTECT, counts_from_rows
from reviews.models import Mapping
from reviews.services import mapping_close

from .factories import answer_all, make_mapping, members


def _counted(mapping):
    """The live count, straight from the answers: what the kept figures must equal."""
    statements = selectors.template_statements(template=mapping.template)
    rows = selectors._answer_rows([mapping])[mapping.pk]
    return selectors._statement_results(counts_from_rows(rows), statements, mapping.threshold)


def _mixed_mapping(world, **kw):
    """Threshold 3: the lone politician is hidden (few), the four teachers too (protect: else the
    total minus the teachers is the politician), the five principals are shown."""
    mapping = make_mapping(world.a, open_=False, threshold=3, **kw)
    answer_all(mapping, world.user("namnd"), Level.NAMND, 6)
    for i, user in enumerate(members(world.a, Level.LARARE, 4)):
        answer_all(mapping, user, Level.LARARE, 2 + i % 2, comment="Vi hör sällan något tillbaka.")
    for i, user in enumerate(members(world.a, Level.REKTOR, 5)):
        answer_all(mapping, user, Level.REKTOR, values=[1 + (i + j) % 6 for j in range(20)])
    answer_all(mapping, members(world.a, Level.REKTOR, 1)[0], Level.REKTOR, 4, dont_know=True)
    return mapping


def _kept(mapping):
    return Mapping.objects.get(pk=mapping.pk)


def test_kept_figures_equal_the_count_hidden_cells_included(world):
    mapping = _mixed_mapping(world)
    counted = _counted(mapping)
    first = selectors.mapping_summaries(mappings=[mapping])[mapping.pk]
    kept = _kept(mapping)
    assert kept.figures is not None
    again = selectors.mapping_summaries(mappings=[kept])[kept.pk]
    assert first.statements == counted and again.statements == counted
    cells = again.statements[0].cells
    assert cells[Level.NAMND].hidden == FEW and cells[Level.LARARE].hidden == PROTECT
    assert cells[Level.REKTOR].visible and cells[Level.REKTOR].dont_know == 1
    assert not cells[Level.NAMND].visible and cells[Level.NAMND].mean is None
    # The full result (comments, change) is built on the same kept cells.
    results = selectors.mapping_results(mapping=_kept(mapping))
    assert [(sr.statement, sr.cells, sr.total) for sr in results.statements] == [
        (sr.statement, sr.cells, sr.total) for sr in counted
    ]
    assert not any(sr.comments for sr in results.statements)  # only the hidden teachers commented


def test_kept_figures_are_read_without_counting_answers(world):
    mapping = _mixed_mapping(world)
    selectors.mapping_summaries(mappings=[mapping])
    kept = _kept(mapping)
    with CaptureQueriesContext(connection) as captured:
        summary = selectors.mapping_summaries(mappings=[kept])[kept.pk]
    assert summary.available and summary.statements == _counted(mapping)
    assert not any("reviews_answer" in q["sql"] for q in captured.captured_queries)
    assert not any(q["sql"].startswith("UPDATE") for q in captured.captured_queries)


def test_open_mapping_keeps_no_figures(world):
    mapping = make_mapping(world.a, open_=True, threshold=3)
    for user in members(world.a, Level.LARARE, 4):
        answer_all(mapping, user, Level.LARARE, 3)
    summary = selectors.mapping_summaries(mappings=[mapping])[mapping.pk]
    assert not summary.available and summary.statements == []
    assert _kept(mapping).figures is None


def test_a_reopened_mapping_is_counted_again_when_it_closes(world):
    mapping = _mixed_mapping(world)
    mapping.closed_at = timezone.now()
    mapping.save()
    selectors.mapping_summaries(mappings=[_kept(mapping)])
    assert _kept(mapping).figures is not None
    # Reopened (nothing in the service does it; staff in a shell could): the kept figures hold
    # no longer, and while it is open nothing is shown.
    today = timezone.localdate()
    Mapping.objects.filter(pk=mapping.pk).update(closed_at=None, closes_on=today + datetime.timedelta(days=5))
    assert not selectors.mapping_summaries(mappings=[_kept(mapping)])[mapping.pk].available
    for user in members(world.a, Level.LARARE, 3):
        answer_all(mapping, user, Level.LARARE, 6)
    closed = mapping_close(mapping=_kept(mapping), by=world.user("forvaltning"))
    summary = selectors.mapping_summaries(mappings=[_kept(closed)])[mapping.pk]
    assert summary.statements == _counted(_kept(mapping))
    assert summary.statements[0].cells[Level.LARARE].visible  # seven teachers now
    again = selectors.mapping_summaries(mappings=[_kept(mapping)])[mapping.pk]
    assert again.statements == summary.statements


def test_another_threshold_is_counted_again(world):
    mapping = _mixed_mapping(world)
    selectors.mapping_summaries(mappings=[mapping])
    # Fixed when it opens, read-only in the admin; were it changed, the kept cells would not hold.
    Mapping.objects.filter(pk=mapping.pk).update(threshold=5)
    summary = selectors.mapping_summaries(mappings=[_kept(mapping)])[mapping.pk]
    assert summary.statements == _counted(_kept(mapping))
    assert not summary.statements[0].cells[Level.REKTOR].visible  # six of them: hidden at 5


def test_a_deleted_account_leaves_the_figures_as_counted(world):
    """Deleting an account keeps what the person wrote, unlinked from them (accounts.services):
    the answers still count, so the kept figures still equal a new count."""
    mapping = _mixed_mapping(world)
    selectors.mapping_summaries(mappings=[mapping])
    user_delete_account(user=world.user("namnd"))
    kept = selectors.mapping_summaries(mappings=[_kept(mapping)])[mapping.pk]
    assert kept.statements == _counted(mapping)


def test_kept_figures_of_another_template_version_are_counted_again(world):
    mapping = _mixed_mapping(world)
    selectors.mapping_summaries(mappings=[mapping])
    stored = _kept(mapping).figures
    stored["stamp"]["statements"] = stored["stamp"]["statements"][:-1]
    Mapping.objects.filter(pk=mapping.pk).update(figures=stored)
    summary = selectors.mapping_summaries(mappings=[_kept(mapping)])[mapping.pk]
    assert summary.statements == _counted(mapping)
    assert _kept(mapping).figures["stamp"]["statements"] == [st.pk for st in selectors.template_statements(
        template=mapping.template)]


def test_hidden_cells_carry_no_figures_live_kept_or_exported(world):
    """A hidden cell says why it is hidden and nothing more: not on a page, not in the kept row, not
    in the coordinator's export (which dumps the mapping's own fields)."""
    import io
    import json
    import zipfile

    from core.export import municipality_export_zip

    mapping = _mixed_mapping(world)
    live = selectors.mapping_summaries(mappings=[mapping])[mapping.pk]
    for sr in live.statements:
        for cell in (*sr.cells.values(), sr.total):
            if cell.hidden:
                assert (cell.counts, cell.dont_know) == ({}, 0), (sr.statement.key, cell.level)
    stored = _kept(mapping).figures
    hidden_dumps = [c for cells in stored["cells"] for c in cells if c[3] is not None]
    assert hidden_dumps and all(c[1] == [] and c[2] == 0 for c in hidden_dumps)
    archive = zipfile.ZipFile(io.BytesIO(municipality_export_zip(municipality=world.a)))
    exported = json.loads(archive.read("json/reviews_mapping.json"))
    assert [row["id"] for row in exported] == [mapping.pk]
    assert "figures" not in exported[0]


def test_the_migration_forgets_figures_kept_with_hidden_counts(world):
    import importlib

    from django.apps import apps

    mapping = _mixed_mapping(world)
    selectors.mapping_summaries(mappings=[mapping])
    assert _kept(mapping).figures is not None
    module = importlib.import_module("reviews.migrations.0008_mapping_figures_without_hidden_counts")
    module.forget_kept_figures(apps, None)
    assert _kept(mapping).figures is None
    assert selectors.mapping_summaries(mappings=[_kept(mapping)])[mapping.pk].available  # counted again


def test_a_closed_mappings_participation_is_kept_beside_its_cells(world):
    """Counted once after closing, read back equal and without a query, and kept beside the cells
    whichever of the two was counted first (issue 18: the home page and the results page ask)."""
    mapping = _mixed_mapping(world)
    counted = selectors._participation_count(mapping)
    assert counted.submitted == 11 and counted.asked > 0
    assert selectors.mapping_participation(mapping=_kept(mapping)) == counted
    selectors.mapping_summaries(mappings=[_kept(mapping)])  # the cells next: the participation stays
    kept = _kept(mapping)
    assert set(kept.figures) >= {"participation", "cells", "stamp"}
    with CaptureQueriesContext(connection) as captured:
        again = selectors.mapping_participation(mapping=kept)
    assert again == counted and captured.captured_queries == []
    # The cells first, then the participation: the cells stay kept too.
    other = _mixed_mapping(world)
    selectors.mapping_summaries(mappings=[_kept(other)])
    selectors.mapping_participation(mapping=_kept(other))
    assert set(_kept(other).figures) >= {"participation", "cells", "stamp"}
    assert selectors.mapping_summaries(mappings=[_kept(other)])[other.pk].statements == _counted(other)


def test_an_open_mapping_keeps_no_participation_and_a_reopened_one_is_counted_again(world):
    mapping = make_mapping(world.a, open_=True, threshold=3)
    teachers = members(world.a, Level.LARARE, 4)
    answer_all(mapping, teachers[0], Level.LARARE, 3)
    assert selectors.mapping_participation(mapping=_kept(mapping)).submitted == 1
    assert _kept(mapping).figures is None  # open: answers still come in
    answer_all(mapping, teachers[1], Level.LARARE, 3)
    assert selectors.mapping_participation(mapping=_kept(mapping)).submitted == 2
    closed = mapping_close(mapping=_kept(mapping), by=world.user("forvaltning"))
    assert selectors.mapping_participation(mapping=_kept(closed)).submitted == 2
    assert _kept(mapping).figures["participation"]
    # Reopened (staff in a shell could) and answered again: the kept participation holds no longer.
    today = timezone.localdate()
    Mapping.objects.filter(pk=mapping.pk).update(closed_at=None, closes_on=today + datetime.timedelta(days=5))
    answer_all(mapping, teachers[2], Level.LARARE, 3)
    assert selectors.mapping_participation(mapping=_kept(mapping)).submitted == 3
    closed = mapping_close(mapping=_kept(mapping), by=world.user("forvaltning"))
    assert selectors.mapping_participation(mapping=_kept(closed)).submitted == 3


def test_the_home_shows_the_open_mapping_closing_first_else_the_latest_in_one_query(world):
    """reviews.selectors.current_mapping, the home page's mapping card."""
    today = timezone.localdate()
    days = datetime.timedelta
    assert selectors.current_mapping(municipality=world.a) is None
    make_mapping(world.a, open_=False, title="Förra året", opens_on=today - days(400), closes_on=today - days(380))
    latest = make_mapping(world.a, open_=False, title="I våras")
    make_mapping(world.b, open_=True, title="Grannens öppna")  # another municipality's: never
    with CaptureQueriesContext(connection) as captured:
        assert selectors.current_mapping(municipality=world.a) == latest
    assert len(captured.captured_queries) == 1
    later = make_mapping(world.a, open_=True, title="Stänger sent", closes_on=today + days(30))
    assert selectors.current_mapping(municipality=world.a) == later
    sooner = make_mapping(world.a, open_=True, title="Stänger snart", opens_on=today - days(5), closes_on=today + days(2))
    found = selectors.current_mapping(municipality=world.a)
    assert found == sooner and found.has_shares is False
    Mapping.objects.filter(pk=sooner.pk).update(closed_at=timezone.now())  # closed early: not open any more
    assert selectors.current_mapping(municipality=world.a) == later


def _reads_answers(mapping) -> tuple[list, bool]:
    """The mapping's comments as its full result gives them, and whether that read any answer."""
    with CaptureQueriesContext(connection) as captured:
        results = selectors.mapping_results(mapping=_kept(mapping))
    return [sr.comments for sr in results.statements], any("reviews_answer" in q["sql"] for q in captured.captured_queries)


def test_a_closed_mapping_without_shown_comments_reads_no_answers_for_them_again(world):
    # The teachers' comments are in hidden cells: none shows, and once that is known, none is read.
    mapping = _mixed_mapping(world)
    first, read = _reads_answers(mapping)
    assert read and first == [[] for _ in first]
    assert _kept(mapping).figures["comments"]["shown"] == 0
    again, read = _reads_answers(mapping)
    assert again == first and not read


def test_shown_comments_are_read_on_every_read_and_only_their_number_is_kept(world):
    mapping = make_mapping(world.a, open_=False, threshold=3)
    for user in members(world.a, Level.LARARE, 4):
        answer_all(mapping, user, Level.LARARE, 3, comment="Vi hör sällan något tillbaka.")
    first, read = _reads_answers(mapping)
    assert read and first[0] == [("Lärare", "Vi hör sällan något tillbaka.")] * 4
    kept = _kept(mapping).figures["comments"]
    assert kept["shown"] == 4 * len(first) and "Vi hör" not in str(kept)
    again, read = _reads_answers(mapping)
    assert again == first and read


def test_a_reopened_mapping_has_its_comments_counted_again(world):
    mapping = _mixed_mapping(world)
    _reads_answers(mapping)
    assert _kept(mapping).figures["comments"]["shown"] == 0
    today = timezone.localdate()
    Mapping.objects.filter(pk=mapping.pk).update(closed_at=None, closes_on=today + datetime.timedelta(days=5))
    for user in members(world.a, Level.LARARE, 3):
        answer_all(mapping, user, Level.LARARE, 6, comment="Nu syns vi.")
    mapping_close(mapping=_kept(mapping), by=world.user("forvaltning"))
    comments, read = _reads_answers(mapping)
    # Seven teachers now: their cell shows, and so do their comments.
    assert read and ("Lärare", "Nu syns vi.") in comments[0] and ("Lärare", "Vi hör sällan något tillbaka.") in comments[0]
    assert _kept(mapping).figures["comments"]["shown"] > 0
