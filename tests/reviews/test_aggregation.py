"""The anonymity rule's cells (reviews.aggregation), driven by hypothesis with any counts.

The enumeration proof of the whole rule is tests/reviews/test_anonymity_proof.py.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.aggregation import FEW, PROTECT, Cell, clamp_threshold, group_minimum, suppress

LEVELS = ("namnd", "forvaltning", "rektor", "larare")

counts = st.dictionaries(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=12), max_size=6)
level_cell = st.builds(lambda c, dk: (c, dk), counts, st.integers(min_value=0, max_value=4))
configs = st.fixed_dictionaries(dict.fromkeys(LEVELS, level_cell))


def _cells(config):
    return {level: Cell(level=level, counts=dict(c), dont_know=dk) for level, (c, dk) in config.items()}


@settings(max_examples=400, deadline=None)
@given(config=configs, threshold=st.integers(min_value=0, max_value=6))
def test_total_holds_every_answer_of_every_level(config, threshold):
    cells = _cells(config)
    total = suppress(cells=cells, threshold=threshold)
    assert total.n == sum(sum(c.values()) for c, _dk in config.values())
    assert total.dont_know == sum(dk for _c, dk in config.values())
    for value in range(1, 7):
        assert total.counts.get(value, 0) == sum(c.get(value, 0) for c, _dk in config.values())


@settings(max_examples=400, deadline=None)
@given(config=configs, threshold=st.integers(min_value=0, max_value=6))
def test_a_shown_level_holds_the_threshold_plus_one_people(config, threshold):
    minimum = clamp_threshold(threshold) + 1
    cells = _cells(config)
    suppress(cells=cells, threshold=threshold)
    for cell in cells.values():
        if cell.visible and cell.people:
            assert cell.people >= minimum
        if 0 < cell.people < minimum:
            assert cell.hidden == FEW


@settings(max_examples=600, deadline=None)
@given(config=configs, threshold=st.integers(min_value=0, max_value=6))
def test_total_minus_shown_levels_never_isolates_a_small_group(config, threshold):
    """The differencing attack: total minus the shown levels gives the hidden levels together.
    That group must be empty or hold the threshold plus one (one of them may be the viewer)."""
    minimum = group_minimum(threshold)
    cells = _cells(config)
    total = suppress(cells=cells, threshold=threshold)
    if not total.visible:
        return  # nothing to subtract from
    hidden_people = total.people - sum(c.people for c in cells.values() if c.visible)
    assert hidden_people == 0 or hidden_people >= minimum


@settings(max_examples=300, deadline=None)
@given(config=configs, threshold=st.integers(min_value=0, max_value=6))
def test_what_is_hidden_depends_on_people_counts_only(config, threshold):
    """Moving answers between values or to "vet inte" never changes what is hidden."""
    cells = _cells(config)
    suppress(cells=cells, threshold=threshold)
    moved = {level: Cell(level=level, counts={}, dont_know=c.people) for level, c in cells.items()}
    total = suppress(cells=moved, threshold=threshold)
    assert [c.hidden for c in cells.values()] == [c.hidden for c in moved.values()]
    assert total.visible == suppress(cells=_cells(config), threshold=threshold).visible


def test_threshold_never_below_three_and_defaults_to_five():
    assert clamp_threshold(0) == 3
    assert clamp_threshold(2) == 3
    assert clamp_threshold(None) == 5
    assert clamp_threshold(7) == 7


def test_one_politician_hides_the_smallest_other_level_too():
    cells = {
        "namnd": Cell("namnd", {5: 1}),
        "forvaltning": Cell("forvaltning", {4: 6}),
        "rektor": Cell("rektor", {3: 6}),
        "larare": Cell("larare", {2: 9}),
    }
    total = suppress(cells=cells, threshold=5)
    assert cells["namnd"].hidden == FEW
    assert cells["forvaltning"].hidden == PROTECT  # the smallest shown level (first by level order)
    assert cells["rektor"].visible and cells["larare"].visible
    assert total.visible and total.n == 22
    assert cells["namnd"].mean is None and cells["forvaltning"].mean is None


def test_a_level_of_one_dont_know_is_hidden():
    cells = {"namnd": Cell("namnd", {}, dont_know=1), "larare": Cell("larare", {3: 6})}
    suppress(cells=cells, threshold=5)
    assert cells["namnd"].hidden == FEW
    assert cells["larare"].hidden == PROTECT  # otherwise total "vet inte" − shown = the politician's


def test_a_cell_has_a_mean_and_no_spread():
    cell = Cell("larare", {2: 3, 4: 3})
    assert cell.mean == 3
    assert not hasattr(cell, "spread")
