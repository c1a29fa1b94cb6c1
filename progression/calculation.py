"""Value added (förädlingsvärde), pure: no query here, so the rule is tested on plain values.

A class's **change** is its last shown figure minus its first (the same pupils, a later term).
The **expected change** is what the comparison moved over the same grades and school years:

- the municipality: the pupil-weighted mean of every class of the same cohort in the
  municipality (all its schools), at the class's first and last term;
- the nation: Skolverket's national value of the measure's indicator for the same grades and
  school years (1A's spring figure against the nation's grade 1 that spring, and so on).

**Value added** = change − expected change. Hidden figures (a class with fewer pupils than the
anonymity threshold) take no part anywhere: not as a point, not in a mean.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import format_value

from .models import period_index, term_label


class Basis(models.TextChoices):
    MUNICIPALITY = "kommun", gettext_lazy("kommunens förändring")
    NATION = "riket", gettext_lazy("rikets förändring")


@dataclass(frozen=True)
class Point:
    """One class's (or mean's) figure in one term. ``value`` is None when hidden."""

    school_year: int
    term: str
    grade: int
    value: Decimal | None
    pupils: int = 0

    @property
    def period(self) -> int:
        return period_index(self.school_year, self.term)

    @property
    def label(self) -> str:
        return term_label(self.school_year, self.term)

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class ValueAdded:
    start: Point
    end: Point
    change: Decimal
    basis: str
    expected_start: Decimal | None
    expected_end: Decimal | None

    @property
    def expected(self) -> Decimal | None:
        if self.expected_start is None or self.expected_end is None:
            return None
        return self.expected_end - self.expected_start

    @property
    def value_added(self) -> Decimal | None:
        return None if self.expected is None else self.change - self.expected

    @property
    def direction(self) -> str:
        """'up', 'down' or 'level' (within half a unit), for the badge."""
        va = self.value_added
        if va is None:
            return "none"
        return "up" if va >= Decimal("0.5") else "down" if va <= Decimal("-0.5") else "level"


def rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def signed(value: Decimal | None) -> str:
    """+4,5 / −2 / ±0 in Swedish style."""
    if value is None:
        return "–"
    value = rounded(value)
    if value == 0:
        return "±0"
    text = format_value(abs(value))
    return f"+{text}" if value > 0 else f"−{text}"


def shown(value: Decimal, pupils: int, threshold: int) -> Decimal | None:
    """A class's figure, or None when fewer pupils than the threshold stand behind it."""
    return value if pupils >= threshold else None


def weighted_means(rows: Iterable[tuple[object, Decimal, int]], threshold: int) -> dict[object, Decimal]:
    """(key, value, pupils) -> key: the pupil-weighted mean of the shown figures under that key."""
    sums: dict[object, Decimal] = defaultdict(Decimal)
    counts: dict[object, int] = defaultdict(int)
    for key, value, pupils in rows:
        if pupils >= threshold and pupils > 0:
            sums[key] += value * pupils
            counts[key] += pupils
    return {key: sums[key] / counts[key] for key in sums}


def value_added(
    points: list[Point], *, basis: str, municipal: dict[tuple[int, str], Decimal],
    national: dict[tuple[int, int], Decimal],
) -> ValueAdded | None:
    """From the first to the last shown point; None with fewer than two shown points.

    ``municipal`` is keyed by (school_year, term) for the class's cohort; ``national`` by
    (school_year, grade).
    """
    visible = sorted((p for p in points if not p.hidden), key=lambda p: p.period)
    if len(visible) < 2:
        return None
    start, end = visible[0], visible[-1]
    if basis == Basis.NATION:
        e0, e1 = national.get((start.school_year, start.grade)), national.get((end.school_year, end.grade))
    else:
        e0, e1 = municipal.get((start.school_year, start.term)), municipal.get((end.school_year, end.term))
    return ValueAdded(start=start, end=end, change=end.value - start.value, basis=basis,
                      expected_start=e0, expected_end=e1)


def rule_text(basis: str) -> str:
    """The rule in words, shown on every page that shows a value added."""
    if basis == Basis.NATION:
        expected = _("rikets förändring för samma årskurser och läsår (Skolverkets statistik för måttets "
                     "motsvarighet)")
    else:
        expected = _("kommunens förändring för samma årskull: alla kommunens klasser som började årskurs 1 samma "
                     "år, vid samma terminer, vägt efter antal elever")
    return _(
        "Förädlingsvärde = klassens förändring från första till senaste mätningen minus den förväntade "
        "förändringen, det vill säga %(expected)s. Plus betyder att klassen har utvecklats mer än väntat, minus "
        "mindre. Klasser med färre elever än anonymitetsgränsen visar inga värden och räknas inte med."
    ) % {"expected": expected}


def explanation(va: ValueAdded, *, unit: str, difference_unit: str) -> str:
    """One class's value added in words: where it went from and to, against what."""
    parts = [
        _("Klassen gick från %(a)s%(u)s (%(la)s, åk %(ga)s) till %(b)s%(u)s (%(lb)s, åk %(gb)s): %(c)s %(du)s.") % {
            "a": format_value(rounded(va.start.value)), "b": format_value(rounded(va.end.value)), "u": unit,
            "la": va.start.label, "lb": va.end.label, "ga": va.start.grade, "gb": va.end.grade,
            "c": signed(va.change), "du": difference_unit,
        }
    ]
    who = _("Riket") if va.basis == Basis.NATION else _("Kommunens årskull")
    if va.expected is None:
        parts.append(_("%(who)s saknar värden för samma årskurser och läsår, så förädlingsvärdet kan inte räknas ut.")
                     % {"who": who})
    else:
        parts.append(_("%(who)s gick under samma tid från %(a)s%(u)s till %(b)s%(u)s: %(c)s %(du)s.") % {
            "who": who, "a": format_value(rounded(va.expected_start)), "b": format_value(rounded(va.expected_end)),
            "u": unit, "c": signed(va.expected), "du": difference_unit,
        })
        parts.append(_("Förädlingsvärde: %(va)s %(du)s.") % {"va": signed(va.value_added), "du": difference_unit})
    return " ".join(parts)
