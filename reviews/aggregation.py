"""The anonymity rule for a mapping's figures, as pure functions (no database).

The rule (docs/visibility.md): from everything a viewer can see, together with their own
answers, a viewer learns another person's answer only as a fact about a group of at least
``threshold`` respondents. Every output of a mapping (pages, PDF reports, exports, the network's
views) renders cells made here, through ``reviews.selectors.mapping_results`` and
``mapping_summaries``; nothing else counts answers. ``tests/reviews/test_anonymity_proof.py``
enumerates every answer vector consistent with what a viewer sees and checks the rule.

How a cell keeps it:

1. **Groups of threshold + 1.** A viewer who answered may subtract their own answer from their
   level's figures. So a level's cell is shown only when at least ``threshold + 1`` people of the
   level are counted (values and "vet inte" together): even one of them then learns only about
   ``threshold`` others. A level nobody answered is empty, not hidden.
2. **Decisions from public counts only.** Whether a cell is hidden depends only on how many
   people of each level are counted, which the participation table shows anyway; never on their
   values or on how many said "vet inte". Otherwise moving one answer between two hidden levels
   could change what is hidden, and the change would tell the answer.
3. **Complementary suppression.** The total minus the shown levels gives the hidden levels
   together. That group must be empty or hold at least ``threshold + 1`` people, so the shown
   level with the fewest people is hidden too until it does (ties by level order: public).
4. **The total** is shown only when it holds at least ``threshold + 1`` people and the hidden
   levels together are safe.
5. **What a shown cell says** is a symmetric fact about its group: for a scale, the mean, how
   many gave a value and how many said "vet inte" (no standard deviation, no distribution per
   step: together they would single out answers); for a choice template, how many ticked each
   answer. Nothing in it tells one member of the group from another.

Comments follow their cell: a hidden cell's comments are not shown.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MIN_THRESHOLD = 3
DEFAULT_THRESHOLD = 5
# Level order for ties in complementary suppression (public, so the choice reveals nothing).
LEVEL_ORDER = ("namnd", "forvaltning", "rektor", "larare")

FEW = "few"  # this level has too few answers
PROTECT = "protect"  # hidden so that the hidden answers cannot be worked out from the total


@dataclass
class Cell:
    """The figures of one level (or the total) for one statement."""

    level: str
    counts: dict[int, int] = field(default_factory=dict)  # scale value -> how many
    dont_know: int = 0
    hidden: str | None = None  # None, FEW or PROTECT

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def people(self) -> int:
        return self.n + self.dont_know

    @property
    def visible(self) -> bool:
        return self.hidden is None

    @property
    def mean(self) -> float | None:
        if self.hidden is not None:
            return None
        counts = self.counts
        n = sum(counts.values())  # self.n, counted once: pages read many means
        if not n:
            return None
        # The same integer sum as over (value, count) pairs, without a generator's step per value:
        # the meeting page reads ten mappings' means with nothing cached (issue 18).
        return sum(map(operator.mul, counts, counts.values())) / n

    def count_of(self, value: int) -> int | None:
        """How many gave ``value``: for choice templates only (a scale shows its mean)."""
        return self.counts.get(value, 0) if self.visible else None


def clamp_threshold(value: int | None) -> int:
    return max(MIN_THRESHOLD, value if value is not None else DEFAULT_THRESHOLD)


def group_minimum(threshold: int | None) -> int:
    """People a shown group needs: the threshold, plus one who may be the viewer."""
    return clamp_threshold(threshold) + 1


def _order(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def suppress(*, cells: Mapping[str, Cell], threshold: int) -> Cell:
    """Apply the rule to one statement's level cells (in place) and return the total cell."""
    minimum = group_minimum(threshold)
    total = Cell(level="total")
    for cell in cells.values():
        for value, count in cell.counts.items():
            total.counts[value] = total.counts.get(value, 0) + count
        total.dont_know += cell.dont_know
        cell.hidden = FEW if 0 < cell.people < minimum else None

    def hidden_people() -> int:
        return sum(c.people for c in cells.values() if not c.visible)

    while 0 < hidden_people() < minimum:
        shown = [c for c in cells.values() if c.visible and c.people > 0]
        if not shown:
            break
        min(shown, key=lambda c: (c.people, _order(c.level))).hidden = PROTECT
    if total.people < minimum or 0 < hidden_people() < minimum:
        # Too few in all, or (every level already hidden) too few to hide them in.
        total.hidden = FEW
    return total


def counts_from_rows(rows: Iterable[tuple[int, str, int | None, bool, int]]) -> dict[int, dict[str, Cell]]:
    """``(statement_id, level, value, dont_know, n)`` rows into cells per statement and level."""
    result: dict[int, dict[str, Cell]] = {}
    for statement_id, level, value, dont_know, n in rows:
        cell = result.setdefault(statement_id, {}).setdefault(level, Cell(level=level))
        if dont_know:
            cell.dont_know += n
        elif value is not None:
            cell.counts[value] = cell.counts.get(value, 0) + n
    return result
