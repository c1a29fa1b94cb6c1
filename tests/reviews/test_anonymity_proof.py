"""Proof of the anonymity rule (docs/visibility.md, issue 12): by enumeration, for small rosters.

The rule: from everything a viewer can see, together with their own answers, a viewer learns
another person's answer only as a fact about a group of at least ``threshold`` respondents.

Made checkable: the viewer sees a display D (every level cell and the total as rendered, and the
counts of people per level that the participation table shows). Their knowledge is S, every
answer vector of the other respondents that, with the viewer's own answer, gives the same D. A
fact about a group G is something that stays true when the answers inside G are swapped among
its members. So the rule holds when, for every other respondent i, either S is closed under changing i's
answer to any other (the viewer learned nothing about it), or i's answer can be swapped with at
least ``threshold - 1`` other respondents (never the viewer) with S closed under each swap:
whatever the viewer learned, they cannot tell i's answer from those others'.

Respondents of one level are interchangeable in every output by construction (cells take counts,
reviews.aggregation.Cell; the selectors group answers by level, tests/reviews/test_selectors.py),
so answer vectors are enumerated as count vectors per level: equal count vectors are the same
answers up to who gave which inside a level. One statement suffices: what is hidden depends on
people counts only, the same for every statement, so a swap of two people's whole responses is
a swap in every statement at once.

Viewers (issue 12): a coordinator who answered as förvaltning, a teacher who answered, and a
member of another municipality of the network after publishing (sees the same figures, knows no
answer). Rosters of 0–7 respondents per level, four levels, both shipped templates with
"vet inte" on, thresholds 3 to 5.

Every example is checked; none is rejected. S can hold millions of answer vectors (two hidden
levels of seven on the 1–6 scale), so the checks run on S factored by level (``Knowledge``):
what a viewer sees splits into one cell per level, which depends on that level's answers only,
and the total, which depends only on an additive statistic of the sum (``phi``: on the scale
the weighted sum and the "vet inte" count, for the choice template the counts themselves). A
swap between two levels leaves the sum alone, so it is checked on the pairs of those two levels'
candidates that S allows (a pair is allowed when the other levels' statistics can make up the
total); a change of one answer moves the sum, so it is checked against the total's statistic.
The brute-force enumeration (``brute_violations``) is kept as the oracle: on every example small
enough to enumerate, both give the same verdict (``test_the_factored_check_agrees_with_brute_force``).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from functools import cache
from unittest import mock

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reviews.aggregation import Cell, suppress

LEVELS = ("namnd", "forvaltning", "rektor", "larare")
DK = 0  # "vet inte"
TEMPLATES = {
    "skr": (True, (DK, 1, 2, 3, 4, 5, 6)),  # scale 1–6 (SKR's governance statements)
    "modellen": (False, (DK, 1, 2)),  # full koll / utvecklingsområde (Modellen 2.0)
}
VIEWERS = {
    "coordinator": "forvaltning",  # answered as förvaltning, sees the municipality's page
    "teacher": "larare",  # answered, sees the municipality's page
    "other_municipality": None,  # sees the published figures, answered nothing here
}
BRUTE_FORCE_LIMIT = 40_000  # the oracle enumerates S only below this size


@cache
def multisets(options: tuple[int, ...], size: int) -> tuple[tuple[int, ...], ...]:
    """Every count vector (one count per option) of ``size`` answers."""
    out = []
    for combo in itertools.combinations_with_replacement(options, size):
        out.append(tuple(combo.count(o) for o in options))
    return tuple(out)


def _render(cell: Cell, is_scale: bool, options) -> tuple:
    """What a page, report or export shows of one cell (exactly: finer than any rounding)."""
    if not cell.visible:
        return ("hidden", cell.hidden)
    if is_scale:
        values = [v for v in options if v != DK]
        mean = Fraction(sum(v * cell.counts.get(v, 0) for v in values), cell.n) if cell.n and cell.mean is not None else None
        # The old cells showed a standard deviation; a cell that still has one shows it.
        spread = getattr(cell, "spread", None)
        return ("shown", mean, cell.n, cell.dont_know, None if spread is None else round(spread, 9))
    return ("shown", tuple(cell.count_of(v) for v in options if v != DK), cell.dont_know)


def display(config: tuple[tuple[int, ...], ...], threshold: int, template: str) -> tuple:
    """D: what any viewer sees of one statement, from the count vector of each level."""
    is_scale, options = TEMPLATES[template]
    cells = {
        level: Cell(level=level, counts={o: c for o, c in zip(options, counts, strict=True) if o != DK and c},
                    dont_know=counts[0])
        for level, counts in zip(LEVELS, config, strict=True)
    }
    total = suppress(cells=cells, threshold=threshold)
    people = tuple(sum(counts) for counts in config)  # the participation table
    return (*(_render(c, is_scale, options) for c in cells.values()), _render(total, is_scale, options), people)


def _add(counts, option_index, delta):
    changed = list(counts)
    changed[option_index] += delta
    return tuple(changed)


def knowledge(truth, own, threshold, template):
    """S: every configuration the viewer cannot tell from ``truth``, their own answer fixed."""
    _is_scale, options = TEMPLATES[template]
    seen = display(truth, threshold, template)
    own_level, own_index = own if own else (None, None)
    candidates = []
    for i, (level, counts) in enumerate(zip(LEVELS, truth, strict=True)):
        others = sum(counts) - (1 if level == own_level else 0)
        found = []
        for c in multisets(options, others):
            full = _add(c, own_index, 1) if level == own_level else c
            # A shown cell depends on its own level only: keep the candidates it allows.
            if seen[i][0] == "hidden" or display_cell(full, threshold, template) == seen[i]:
                found.append(full)
        candidates.append(found)
    size = 1
    for found in candidates:
        size *= len(found)
    assume(size <= BRUTE_FORCE_LIMIT)  # only the oracle enumerates; the proof itself never does
    return seen, [config for config in itertools.product(*candidates) if display(config, threshold, template) == seen]


def display_cell(counts, threshold, template):
    """A level's rendered cell when shown (it depends on that level's answers only)."""
    is_scale, options = TEMPLATES[template]
    cell = Cell(level="x", counts={o: c for o, c in zip(options, counts, strict=True) if o != DK and c},
                dont_know=counts[0])
    return _render(cell, is_scale, options)


def swap_closed(space, seen, a, b, own, threshold, template) -> bool:
    """Is the viewer's knowledge closed under swapping one respondent of level a with one of b?"""
    own_level, own_index = own if own else (None, None)
    for config in space:
        free_a = _add(config[a], own_index, -1) if LEVELS[a] == own_level else config[a]
        free_b = _add(config[b], own_index, -1) if LEVELS[b] == own_level else config[b]
        for x, y in itertools.product(range(len(free_a)), range(len(free_b))):
            if not free_a[x] or not free_b[y] or x == y:
                continue
            swapped = list(config)
            swapped[a] = _add(_add(config[a], x, -1), y, 1)
            swapped[b] = _add(_add(config[b], y, -1), x, 1)
            if display(tuple(swapped), threshold, template) != seen:
                return False
    return True


def unconstrained(space, seen, a, own, threshold, template) -> bool:
    """Is the viewer's knowledge closed under changing one answer of level a to any other? Then
    they learned nothing about that level's answers, not even as a group."""
    own_level, own_index = own if own else (None, None)
    for config in space:
        free_a = _add(config[a], own_index, -1) if LEVELS[a] == own_level else config[a]
        for x, y in itertools.product(range(len(free_a)), repeat=2):
            if not free_a[x] or x == y:
                continue
            changed = list(config)
            changed[a] = _add(_add(config[a], x, -1), y, 1)
            if display(tuple(changed), threshold, template) != seen:
                return False
    return True


def brute_violations(truth, own, threshold, template) -> list[str]:
    """The rule checked on S enumerated whole (the oracle for small examples)."""
    seen, space = knowledge(truth, own, threshold, template)
    own_level = own[0] if own else None
    others = [sum(c) - (1 if LEVELS[i] == own_level else 0) for i, c in enumerate(truth)]
    found = []
    for a, level in enumerate(LEVELS):
        if not others[a] or unconstrained(space, seen, a, own, threshold, template):
            continue
        group = others[a]  # i and the others of the same level: interchangeable by construction
        for b in range(len(LEVELS)):
            if b != a and others[b] and swap_closed(space, seen, a, b, own, threshold, template):
                group += others[b]
        if group < threshold:
            found.append(f"{level}: a respondent is told apart from all but {group - 1} others")
    return found


# --- The same check on S factored by level (every example, no enumeration of S) ---------------------

def phi(counts, template) -> tuple:
    """The additive statistic of a count vector that the shown total depends on (given its people)."""
    is_scale, options = TEMPLATES[template]
    if is_scale:
        return (sum(v * c for v, c in zip(options, counts, strict=True) if v != DK), counts[0])
    return tuple(counts)


def _plus(a: tuple, b: tuple) -> tuple:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _minus(a: tuple, b: tuple) -> tuple:
    return tuple(x - y for x, y in zip(a, b, strict=True))


def _sumset(sets: list[set]) -> set:
    """Every sum of one statistic from each set."""
    out = None
    for one in sets:
        out = set(one) if out is None else {_plus(s, v) for s in out for v in one}
    return out if out is not None else set()


class Knowledge:
    """S factored by level: each level's candidates, and the total's statistic they must make up."""

    def __init__(self, truth, own, threshold, template):
        self.template, self.own = template, own
        _is_scale, self.options = TEMPLATES[template]
        self.seen = display(truth, threshold, template)
        own_level, own_index = own if own else (None, None)
        self.candidates = []
        for i, (level, counts) in enumerate(zip(LEVELS, truth, strict=True)):
            others = sum(counts) - (1 if level == own_level else 0)
            found = []
            for c in multisets(self.options, others):
                full = _add(c, own_index, 1) if level == own_level else c
                if self.seen[i][0] == "hidden" or display_cell(full, threshold, template) == self.seen[i]:
                    found.append(full)
            self.candidates.append(found)
        self.total_shown = self.seen[len(LEVELS)][0] == "shown"
        self.target = phi(tuple(map(sum, zip(*truth, strict=True))), template)
        self.phis = [{phi(c, template) for c in found} for found in self.candidates]
        self._rest_sums: dict[tuple, set] = {}
        # The shown total is the same display exactly when the statistic is the same.
        assert self.total_shown or self.seen[len(LEVELS)][0] == "hidden"

    def free(self, level_index, counts) -> tuple:
        """The counts without the viewer's own answer (the answers of others)."""
        if self.own and LEVELS[level_index] == self.own[0]:
            return _add(counts, self.own[1], -1)
        return counts

    def shown(self, i) -> bool:
        return self.seen[i][0] == "shown"

    def allowed(self, fixed: dict[int, tuple]) -> bool:
        """Can the other levels make up the total's statistic, given these levels' statistics?"""
        if not self.total_shown:
            return True
        rest = self.target
        for value in fixed.values():
            rest = _minus(rest, value)
        key = tuple(sorted(fixed))
        if key not in self._rest_sums:
            others = [self.phis[j] for j in range(len(LEVELS)) if j not in fixed]
            self._rest_sums[key] = _sumset(others) if others else {tuple(0 for _ in rest)}
        return rest in self._rest_sums[key]

    def cell_keeps(self, i, counts) -> bool:
        return not self.shown(i) or display_cell(counts, None, self.template) == self.seen[i]

    def unconstrained(self, a) -> bool:
        """Closed under changing one other person's answer in level a to any other option."""
        steps = [(x, y) for x in range(len(self.options)) for y in range(len(self.options)) if x != y]
        for c in self.candidates[a]:
            if not self.allowed({a: phi(c, self.template)}):
                continue
            free = self.free(a, c)
            for x, y in steps:
                if not free[x]:
                    continue
                changed = _add(_add(c, x, -1), y, 1)
                if not self.cell_keeps(a, changed):
                    return False
                # The change moves the sum: the shown total must not notice.
                if self.total_shown and phi(changed, self.template) != phi(c, self.template):
                    return False
        return True

    def swap_closed(self, a, b) -> bool:
        """Closed under swapping one other person of level a with one of level b (the sum stays)."""
        if not self.shown(a) and not self.shown(b):
            return True  # both cells hidden and the total unmoved: nothing shows the swap
        if not self.shown(a):
            a, b = b, a
        # a is shown. Group b's candidates by statistic: what b offers is which answers it can give.
        offers: dict[tuple, set[int]] = {}
        pairs: dict[tuple, list[tuple]] = {}
        for cb in self.candidates[b]:
            key = phi(cb, self.template)
            free_b = self.free(b, cb)
            offers.setdefault(key, set()).update(y for y, n in enumerate(free_b) if n)
            pairs.setdefault(key, []).append(cb)
        for ca in self.candidates[a]:
            pa = phi(ca, self.template)
            free_a = self.free(a, ca)
            for key in offers:
                if not self.allowed({a: pa, b: key}):
                    continue
                for x in (x for x, n in enumerate(free_a) if n):
                    if self.shown(b):
                        for cb in pairs[key]:
                            for y in (y for y, n in enumerate(self.free(b, cb)) if n and y != x):
                                if not self.cell_keeps(a, _add(_add(ca, x, -1), y, 1)):
                                    return False
                                if not self.cell_keeps(b, _add(_add(cb, y, -1), x, 1)):
                                    return False
                    else:
                        for y in offers[key]:
                            if y != x and not self.cell_keeps(a, _add(_add(ca, x, -1), y, 1)):
                                return False
        return True


def violations(truth, own, threshold, template) -> list[str]:
    """The rule checked on S factored by level (every example, whatever the size of S)."""
    k = Knowledge(truth, own, threshold, template)
    own_level = own[0] if own else None
    others = [sum(c) - (1 if LEVELS[i] == own_level else 0) for i, c in enumerate(truth)]
    found = []
    for a, level in enumerate(LEVELS):
        if not others[a] or k.unconstrained(a):
            continue
        group = others[a]
        for b in range(len(LEVELS)):
            if b != a and others[b] and k.swap_closed(a, b):
                group += others[b]
        if group < threshold:
            found.append(f"{level}: a respondent is told apart from all but {group - 1} others")
    return found


@st.composite
def situations(draw):
    template = draw(st.sampled_from(sorted(TEMPLATES)))
    _is_scale, options = TEMPLATES[template]
    threshold = draw(st.integers(min_value=3, max_value=5))
    viewer = draw(st.sampled_from(sorted(VIEWERS)))
    own_level = VIEWERS[viewer]
    sizes = [draw(st.integers(min_value=0, max_value=7)) for _ in LEVELS]
    own = None
    if own_level is not None:
        level_index = LEVELS.index(own_level)
        sizes[level_index] = max(1, sizes[level_index])
        own = (own_level, draw(st.integers(min_value=0, max_value=len(options) - 1)))
    truth = []
    for level, size in zip(LEVELS, sizes, strict=True):
        answers = [draw(st.integers(min_value=0, max_value=len(options) - 1)) for _ in range(size)]
        if own is not None and level == own[0]:
            answers[0] = own[1]
        truth.append(tuple(answers.count(i) for i in range(len(options))))
    return template, threshold, viewer, own, tuple(truth)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(situation=situations())
def test_no_viewer_learns_an_answer_except_as_a_fact_about_a_group_of_threshold(situation):
    template, threshold, viewer, own, truth = situation
    assert violations(truth, own, threshold, template) == [], (viewer, template, threshold, truth)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(situation=situations())
def test_the_factored_check_agrees_with_brute_force(situation):
    """On examples small enough to enumerate S whole, the factored check gives the same verdict,
    under the product's rule and under the old one (where there are violations to find)."""
    template, threshold, _viewer, own, truth = situation
    assert violations(truth, own, threshold, template) == brute_violations(truth, own, threshold, template)
    with mock.patch(f"{__name__}.suppress", shown_at_threshold):
        assert violations(truth, own, threshold, template) == brute_violations(truth, own, threshold, template)


def shown_at_threshold(*, cells, threshold):
    """The old rule, for the checks of the check: a level shows at ``threshold`` answers."""
    total = Cell(level="total")
    for cell in cells.values():
        for value, count in cell.counts.items():
            total.counts[value] = total.counts.get(value, 0) + count
        total.dont_know += cell.dont_know
        cell.hidden = "few" if 0 < cell.people < threshold else None
    total.hidden = "few" if total.people < threshold else None
    return total


def test_the_proof_catches_a_coordinator_who_subtracts_their_own_answer(monkeypatch):
    """The check itself objects to the old rule (a level shows at ``threshold`` answers): the
    coordinator among three förvaltning answers learns about two others."""
    import sys

    monkeypatch.setattr(sys.modules[__name__], "suppress", shown_at_threshold)
    truth = ((0,) * 7, (0, 0, 0, 1, 1, 1, 0), (0,) * 7, (0,) * 7)
    assert violations(truth, ("forvaltning", 3), 3, "skr")


def test_a_coordinator_among_threshold_plus_one_learns_only_about_the_group():
    # Förvaltning: the coordinator and five others (threshold 5): the cell shows, and the other
    # five are interchangeable in everything the coordinator sees.
    truth = ((0,) * 7, (0, 1, 1, 1, 1, 1, 1), (0,) * 7, (0, 0, 0, 6, 0, 0, 0))
    assert display(truth, 5, "skr")[1][0] == "shown"
    assert violations(truth, ("forvaltning", 1), 5, "skr") == []
