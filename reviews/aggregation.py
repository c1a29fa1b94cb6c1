"""The anonymity rules for a mapping's results, as pure functions (no database).

Kept apart from the selectors so that the property-based tests can drive them with any counts.

For one statement we know, per level, how many gave each scale value. The rules:

1. A level's cell is shown only when at least ``threshold`` people of that level gave a value,
   and at least ``threshold`` took part counting "vet inte" (primary suppression, "för få svar").
   A level nobody answered is empty, not hidden.
2. Hidden answers still count in the municipality's total. If the hidden cells together held
   fewer than ``threshold`` answers (or people, counting "vet inte"), the total minus the shown levels would give them away
   (with one hidden answer, exactly that person's answer). So, as in official statistics, the
   shown level with the fewest answers is hidden too (complementary suppression) until the
   hidden answers together reach the threshold.
3. The total itself is shown only when it holds at least ``threshold`` answers.

Comments follow their cell: a hidden cell's comments are not shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MIN_THRESHOLD = 2
DEFAULT_THRESHOLD = 3

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
        if not self.visible or not self.n:
            return None
        return sum(v * c for v, c in self.counts.items()) / self.n

    @property
    def spread(self) -> float | None:
        """Standard deviation: how far apart the level's answers are."""
        if not self.visible or not self.n:
            return None
        mean = sum(v * c for v, c in self.counts.items()) / self.n
        return math.sqrt(sum(c * (v - mean) ** 2 for v, c in self.counts.items()) / self.n)

    def count_of(self, value: int) -> int | None:
        return self.counts.get(value, 0) if self.visible else None


def clamp_threshold(value: int | None) -> int:
    return max(MIN_THRESHOLD, value if value is not None else DEFAULT_THRESHOLD)


def suppress(*, cells: Mapping[str, Cell], threshold: int) -> Cell:
    """Apply the rules to one statement's level cells (in place) and return the total cell."""
    threshold = clamp_threshold(threshold)
    total = Cell(level="total")
    for cell in cells.values():
        for value, count in cell.counts.items():
            total.counts[value] = total.counts.get(value, 0) + count
        total.dont_know += cell.dont_know
        cell.hidden = FEW if (0 < cell.n < threshold or 0 < cell.people < threshold) else None

    def leaks() -> bool:
        hidden = [c for c in cells.values() if not c.visible]
        values, people = sum(c.n for c in hidden), sum(c.people for c in hidden)
        return 0 < values < threshold or 0 < people < threshold

    while leaks():
        shown = [c for c in cells.values() if c.visible and c.people > 0]
        if not shown:
            break
        min(shown, key=lambda c: (c.people, c.n, c.level)).hidden = PROTECT
    if total.n < threshold or leaks():
        # Too few answers in all, or (when every level is already hidden) too few to hide them in.
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
