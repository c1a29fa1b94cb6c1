"""The mixed-groups generator: its rules as properties, and the hard cases."""

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from networks.grouping import LEVELS, GroupingError, Person, describe, make_groups

MUNICIPALITIES = ["Ale", "Arboga", "Fagersta", "Hallstahammar", "Hedemora", "Östhammar"]


def people_from(spec: list[tuple[str, str]]) -> list[Person]:
    return [Person(key=i + 1, municipality=m, level=lv) for i, (m, lv) in enumerate(spec)]


people_strategy = st.lists(
    st.tuples(st.sampled_from(MUNICIPALITIES), st.sampled_from(LEVELS)), min_size=1, max_size=60
).map(people_from)


@settings(max_examples=150, deadline=None)
@given(people=people_strategy, size=st.integers(min_value=1, max_value=8), seed=st.integers(0, 10_000))
def test_everyone_is_placed_exactly_once_and_sizes_differ_by_at_most_one(people, size, seed):
    size = min(size, len(people))
    result = make_groups(people=people, size=size, seed=seed)
    placed = [p.key for group in result.groups for p in group]
    assert sorted(placed) == sorted(p.key for p in people)
    sizes = [len(g) for g in result.groups]
    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) <= size
    assert len(result.groups) == math.ceil(len(people) / size)


@settings(max_examples=60, deadline=None)
@given(people=people_strategy, size=st.integers(min_value=1, max_value=8), seed=st.integers(0, 10_000))
def test_same_input_gives_the_same_groups(people, size, seed):
    size = min(size, len(people))
    first = make_groups(people=people, size=size, seed=seed)
    # The order the people arrive in does not matter either.
    second = make_groups(people=list(reversed(people)), size=size, seed=seed)
    assert [[p.key for p in g] for g in first.groups] == [[p.key for p in g] for g in second.groups]
    assert first.issues == second.issues


@settings(max_examples=60, deadline=None)
@given(k=st.integers(min_value=4, max_value=12), seed=st.integers(0, 10_000))
def test_perfect_groups_when_each_municipality_brings_one_of_each_level(k, seed):
    """The proved guarantee: k >= 4 municipalities x one person per level, size 4: no rule broken."""
    names = [f"Kommun {i:02d}" for i in range(k)]
    people = people_from([(m, lv) for m in names for lv in LEVELS])
    result = make_groups(people=people, size=4, seed=seed)
    assert result.is_perfect, result.issues
    for group in result.groups:
        assert sorted(p.level for p in group) == sorted(LEVELS)
        assert len({p.municipality for p in group}) == 4


@settings(max_examples=60, deadline=None)
@given(people=people_strategy, size=st.integers(min_value=1, max_value=8), seed=st.integers(0, 10_000))
def test_the_report_matches_the_groups(people, size, seed):
    size = min(size, len(people))
    result = make_groups(people=people, size=size, seed=seed)
    assert result.issues == describe(result.groups)
    missing = sum(1 for g in result.groups for lv in LEVELS if lv not in {p.level for p in g})
    duplicated = sum(1 for g in result.groups for n in Counter(p.municipality for p in g).values() if n > 1)
    assert len(result.issues) == missing + duplicated


@st.composite
def enough_of_every_level(draw):
    """People with at least one person of each level per group, and a size giving that many groups."""
    n_groups = draw(st.integers(min_value=1, max_value=6))
    spec = []
    for level in LEVELS:
        count = n_groups + draw(st.integers(min_value=0, max_value=3))
        spec += [(draw(st.sampled_from(MUNICIPALITIES)), level) for _ in range(count)]
    size = math.ceil(len(spec) / n_groups)
    return people_from(spec), size


@settings(max_examples=200, deadline=None)
@given(case=enough_of_every_level(), seed=st.integers(0, 10_000))
def test_every_group_has_every_level_when_each_level_has_one_per_group(case, seed):
    people, size = case
    result = make_groups(people=people, size=size, seed=seed)
    assert not [i for i in result.issues if "saknar" in i], result.issues


def test_the_report_reads_in_plain_swedish():
    people = people_from([("Ale", "forvaltning"), ("Ale", "rektor"), ("Arboga", "larare")])
    result = make_groups(people=people, size=3, seed=1)
    assert "Grupp 1 saknar en politiker" in result.issues
    assert "Grupp 1 har två personer från Ale" in result.issues


@pytest.mark.parametrize(
    ("spec", "size", "message"),
    [
        ([], 3, "inga deltagare"),
        ([("Ale", "namnd")], 0, "minst 1"),
        ([("Ale", "namnd"), ("Ale", "rektor")], 3, "större än antalet deltagare (2)"),
    ],
)
def test_impossible_input_is_refused_with_a_message(spec, size, message):
    with pytest.raises(GroupingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_groups(people=people_from(spec), size=size, seed=1)


def test_one_municipality_only_is_explained():
    people = people_from([("Ale", lv) for lv in LEVELS] * 2)
    result = make_groups(people=people, size=4, seed=7)
    assert any("Alla deltagare kommer från Ale" in n for n in result.notes)
    # The levels are still mixed even if the municipalities cannot be.
    assert all(sorted(p.level for p in g) == sorted(LEVELS) for g in result.groups)


def test_more_groups_than_politicians_is_explained():
    spec = [("Ale", "namnd")] + [(m, "larare") for m in MUNICIPALITIES] * 2
    result = make_groups(people=people_from(spec), size=3, seed=3)
    assert "Det finns 1 politiker men 5 grupper: 4 grupper blir utan." in result.notes
    assert sum("saknar en politiker" in issue for issue in result.issues) == 4


def test_two_people_make_one_group_with_a_note():
    result = make_groups(people=people_from([("Ale", "namnd"), ("Arboga", "larare")]), size=2, seed=1)
    assert len(result.groups) == 1 and len(result.groups[0]) == 2
    assert any("bara 2 deltagare" in n for n in result.notes)
