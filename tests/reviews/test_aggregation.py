"""The anonymity rules (reviews.aggregation), driven by hypothesis with any counts."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.aggregation import FEW, PROTECT, Cell, clamp_threshold, suppress

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
def test_a_shown_level_has_at_least_threshold_answers(config, threshold):
    n_min = clamp_threshold(threshold)
    cells = _cells(config)
    suppress(cells=cells, threshold=threshold)
    for cell in cells.values():
        if cell.visible and cell.people:
            assert cell.n == 0 or cell.n >= n_min
            assert cell.people >= n_min
        if 0 < cell.n < n_min or 0 < cell.people < n_min:
            assert cell.hidden == FEW


@settings(max_examples=600, deadline=None)
@given(config=configs, threshold=st.integers(min_value=0, max_value=6))
def test_total_minus_shown_levels_never_isolates_fewer_than_threshold(config, threshold):
    """The differencing attack: what the page shows lets one compute the hidden answers' sum and
    count (total minus the shown levels). That must be nothing, or at least N people's."""
    n_min = clamp_threshold(threshold)
    cells = _cells(config)
    total = suppress(cells=cells, threshold=threshold)
    if not total.visible:
        return  # nothing to subtract from
    shown = [c for c in cells.values() if c.visible]
    hidden_values = total.n - sum(c.n for c in shown)
    hidden_people = (total.n + total.dont_know) - sum(c.people for c in shown)
    assert hidden_values == 0 or hidden_values >= n_min
    assert hidden_people == 0 or hidden_people >= n_min


@settings(max_examples=300, deadline=None)
@given(config=configs, threshold=st.integers(min_value=0, max_value=6))
def test_total_shown_exactly_when_it_holds_enough_answers(config, threshold):
    n_min = clamp_threshold(threshold)
    total = suppress(cells=_cells(config), threshold=threshold)
    assert total.visible == (total.n >= n_min)


def test_threshold_never_below_two():
    assert clamp_threshold(0) == 2
    assert clamp_threshold(1) == 2
    assert clamp_threshold(None) == 3
    assert clamp_threshold(5) == 5


def test_one_politician_hides_the_smallest_other_level_too():
    cells = {
        "namnd": Cell("namnd", {5: 1}),
        "forvaltning": Cell("forvaltning", {4: 4}),
        "rektor": Cell("rektor", {3: 3}),
        "larare": Cell("larare", {2: 9}),
    }
    total = suppress(cells=cells, threshold=3)
    assert cells["namnd"].hidden == FEW
    assert cells["rektor"].hidden == PROTECT  # the smallest shown level
    assert cells["forvaltning"].visible and cells["larare"].visible
    assert total.visible and total.n == 17
    assert cells["namnd"].mean is None and cells["rektor"].mean is None


def test_a_level_of_one_dont_know_is_hidden():
    cells = {"namnd": Cell("namnd", {}, dont_know=1), "larare": Cell("larare", {3: 5})}
    suppress(cells=cells, threshold=3)
    assert cells["namnd"].hidden == FEW
    assert cells["larare"].hidden == PROTECT  # otherwise total "vet inte" − shown = the politician's


def test_mean_and_spread():
    cell = Cell("larare", {2: 2, 4: 2})
    assert cell.mean == 3
    assert cell.spread == 1
