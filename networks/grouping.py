"""The mixed-groups generator (blandade grupper): a pure function, no database.

Rules, in the order the project leader cares about them:

1. everyone is placed exactly once, and group sizes differ by at most one (always kept: the
   sizes are fixed before anyone is placed, and improvements only swap people);
2. as far as the people allow, every group has all four levels;
3. as far as the people allow, no two people in a group come from the same municipality.

How: the levels are placed one at a time, rarest first. Each level is placed in rounds; in a
round every group with room takes at most one person of that level, chosen by a maximum
bipartite matching (Kuhn) over "this person's municipality is not yet in that group". Then a
local search swaps pairs of people between groups while that lowers the number of broken rules.

Guarantee (proved, and tested): with k >= 4 municipalities that each bring exactly one person
of each level and a group size of 4, every group gets all four levels and four municipalities.
Level by level, each group lacks that level and excludes the municipalities already in it, so
the graph of municipalities and groups is regular of degree k - (levels placed so far) >= 1,
which by König's theorem has a perfect matching; Kuhn's algorithm finds a maximum matching.

Deterministic: the input is sorted and shuffled with a seed the caller gives (the meeting id).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

LEVELS = ("namnd", "forvaltning", "rektor", "larare")

# "Grupp 3 saknar <...>": how a missing level reads in a sentence.
# Lazy: the words are chosen when the message is written, in the reader's language.
MISSING_LEVEL_TEXT = {
    "namnd": gettext_lazy("en politiker"),
    "forvaltning": gettext_lazy("någon från förvaltningen"),
    "rektor": gettext_lazy("en rektor"),
    "larare": gettext_lazy("en lärare"),
}
LEVEL_PLURAL = {
    "namnd": gettext_lazy("politiker"),
    "forvaltning": gettext_lazy("personer från förvaltningen"),
    "rektor": gettext_lazy("rektorer"),
    "larare": gettext_lazy("lärare"),
}
NUMBER_WORDS = {
    2: gettext_lazy("två"), 3: gettext_lazy("tre"), 4: gettext_lazy("fyra"), 5: gettext_lazy("fem"),
    6: gettext_lazy("sex"), 7: gettext_lazy("sju"), 8: gettext_lazy("åtta"), 9: gettext_lazy("nio"),
    10: gettext_lazy("tio"),
}


class GroupingError(ValueError):
    """Input that cannot be divided into groups; the message is for the project leader."""


@dataclass(frozen=True, order=True)
class Person:
    key: int  # the registration id: stable, unique
    municipality: str  # the municipality's name (used in the messages)
    level: str


@dataclass
class GroupingResult:
    groups: list[list[Person]]
    notes: list[str] = field(default_factory=list)  # why the input limits what is possible
    issues: list[str] = field(default_factory=list)  # each rule broken, group by group

    @property
    def is_perfect(self) -> bool:
        return not self.issues

    @property
    def summary(self) -> str:
        if self.is_perfect:
            return _("Alla grupper har alla fyra nivåerna och ingen kommun förekommer två gånger i samma grupp.")
        return ngettext(
            "Grupperna uppfyller inte alla regler: %(n)d anmärkning.",
            "Grupperna uppfyller inte alla regler: %(n)d anmärkningar.",
            len(self.issues),
        ) % {"n": len(self.issues)}


# A group without one of the four levels defeats the point of mixed groups more than two people
# from one municipality does, so the repair step trades a repeat for a missing level, never back.
MISSING_LEVEL_WEIGHT = 10


def _group_cost(levels: Counter, municipalities: Counter) -> int:
    missing = sum(1 for level in LEVELS if levels[level] == 0)
    duplicates = sum(n - 1 for n in municipalities.values() if n > 1)
    return MISSING_LEVEL_WEIGHT * missing + duplicates


class _Group:
    def __init__(self, capacity: int):
        self.capacity = capacity
        self.people: list[Person] = []
        self.levels: Counter = Counter()
        self.municipalities: Counter = Counter()

    @property
    def free(self) -> int:
        return self.capacity - len(self.people)

    def add(self, person: Person) -> None:
        self.people.append(person)
        self.levels[person.level] += 1
        self.municipalities[person.municipality] += 1

    def remove(self, person: Person) -> None:
        self.people.remove(person)
        self.levels[person.level] -= 1
        self.municipalities[person.municipality] -= 1

    def cost(self) -> int:
        return _group_cost(self.levels, self.municipalities)

    def cost_if_swapped(self, out: Person, into: Person) -> int:
        levels = self.levels.copy()
        municipalities = self.municipalities.copy()
        levels[out.level] -= 1
        municipalities[out.municipality] -= 1
        levels[into.level] += 1
        municipalities[into.municipality] += 1
        return _group_cost(levels, municipalities)


def _match(people: list[Person], groups: list[_Group], level: str) -> dict[int, int]:
    """Maximum matching person index -> group index over edges "municipality not in group"."""
    # Groups that still lack this level, then the emptiest, come first: Kuhn tries edges in order.
    order = sorted(range(len(groups)), key=lambda g: (groups[g].levels[level] > 0, -groups[g].free, g))
    edges = [
        [g for g in order if groups[g].free > 0 and groups[g].municipalities[p.municipality] == 0] for p in people
    ]
    group_to_person: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for g in edges[i]:
            if g in seen:
                continue
            seen.add(g)
            if g not in group_to_person or augment(group_to_person[g], seen):
                group_to_person[g] = i
                return True
        return False

    for i in range(len(people)):
        augment(i, set())
    return {i: g for g, i in group_to_person.items()}


def _place_level(people: list[Person], groups: list[_Group], level: str) -> None:
    remaining = list(people)
    # Coverage first: every group without this level gets one of these people while they last,
    # from another municipality where the matching can find one, else the least repeated.
    lacking = [g for g in groups if g.levels[level] == 0 and g.free > 0]
    if lacking and remaining:
        matched = _match(remaining, lacking, level)
        for i, g in sorted(matched.items()):
            lacking[g].add(remaining[i])
        remaining = [p for i, p in enumerate(remaining) if i not in matched]
        for group in lacking:
            if not remaining:
                break
            if group.levels[level] == 0:
                person = min(remaining, key=lambda p: (group.municipalities[p.municipality], p))
                remaining.remove(person)
                group.add(person)
    while remaining:
        matched = _match(remaining, groups, level)
        if matched:
            for i, g in sorted(matched.items()):
                groups[g].add(remaining[i])
            remaining = [p for i, p in enumerate(remaining) if i not in matched]
            continue
        # Nobody fits without a repeated municipality: the least bad group with room takes one.
        person = remaining.pop(0)
        best = min(
            (g for g in groups if g.free > 0),
            key=lambda g: (g.municipalities[person.municipality], g.levels[level], -g.free, groups.index(g)),
        )
        best.add(person)


def _improve(groups: list[_Group], max_passes: int = 50) -> None:
    for _pass in range(max_passes):
        improved = False
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                ga, gb = groups[a], groups[b]
                for x in list(ga.people):
                    for y in list(gb.people):
                        if x.level == y.level and x.municipality == y.municipality:
                            continue
                        before = ga.cost() + gb.cost()
                        after = ga.cost_if_swapped(x, y) + gb.cost_if_swapped(y, x)
                        if after < before:
                            ga.remove(x)
                            gb.remove(y)
                            ga.add(y)
                            gb.add(x)
                            improved = True
                            break
                    if improved:
                        break
                if improved:
                    break
            if improved:
                break
        if not improved:
            return


def _count_word(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def describe(groups: list[list[Person]]) -> list[str]:
    """Each broken rule in plain Swedish, group by group ("Grupp 3 saknar en politiker")."""
    issues: list[str] = []
    for number, people in enumerate(groups, start=1):
        levels = {p.level for p in people}
        for level in LEVELS:
            if level not in levels:
                issues.append(_("Grupp %(n)d saknar %(what)s") % {"n": number, "what": MISSING_LEVEL_TEXT[level]})
        for municipality, n in sorted(Counter(p.municipality for p in people).items()):
            if n > 1:
                issues.append(
                    _("Grupp %(n)d har %(count)s personer från %(municipality)s")
                    % {"n": number, "count": _count_word(n), "municipality": municipality}
                )
    return issues


def _notes(people: list[Person], n_groups: int) -> list[str]:
    notes: list[str] = []
    municipalities = sorted({p.municipality for p in people})
    if len(municipalities) == 1:
        notes.append(
            _("Alla deltagare kommer från %(name)s, så grupperna kan inte blandas mellan kommuner.")
            % {"name": municipalities[0]}
        )
    levels = Counter(p.level for p in people)
    for level in LEVELS:
        if levels[level] < n_groups:
            notes.append(
                _("Det finns %(have)d %(what)s men %(groups)d grupper: %(short)d grupper blir utan.")
                % {"have": levels[level], "what": LEVEL_PLURAL[level], "groups": n_groups, "short": n_groups - levels[level]}
            )
    if len(people) < 4:
        notes.append(
            ngettext(
                "Det finns bara %(n)d deltagare, så ingen grupp kan ha alla fyra nivåerna.",
                "Det finns bara %(n)d deltagare, så ingen grupp kan ha alla fyra nivåerna.",
                len(people),
            )
            % {"n": len(people)}
        )
    return notes


def make_groups(*, people: list[Person], size: int, seed: int) -> GroupingResult:
    """Divide ``people`` into groups of about ``size`` (sizes differ by at most one)."""
    if size < 1:
        raise GroupingError(_("Gruppstorleken måste vara minst 1."))
    if not people:
        raise GroupingError(_("Det finns inga deltagare att dela in i grupper."))
    if size > len(people):
        raise GroupingError(
            _("Gruppstorleken (%(size)d) är större än antalet deltagare (%(n)d). Välj högst %(n)d.")
            % {"size": size, "n": len(people)}
        )
    if len({p.key for p in people}) != len(people):
        raise GroupingError(_("Samma person finns två gånger bland deltagarna."))

    n_groups = math.ceil(len(people) / size)
    base, extra = divmod(len(people), n_groups)
    groups = [_Group(base + (1 if i < extra else 0)) for i in range(n_groups)]

    rng = random.Random(seed)
    by_level: dict[str, list[Person]] = {level: [] for level in LEVELS}
    for person in sorted(people):
        by_level.setdefault(person.level, []).append(person)
    for level in sorted(by_level, key=lambda lv: (len(by_level[lv]), LEVELS.index(lv) if lv in LEVELS else 9)):
        batch = by_level[level]
        rng.shuffle(batch)
        # Within a level, the municipality with the most people is hardest to spread: place it first.
        sizes = Counter(p.municipality for p in batch)
        batch.sort(key=lambda p: -sizes[p.municipality])
        _place_level(batch, groups, level)
    _improve(groups)

    result = [sorted(g.people, key=lambda p: (LEVELS.index(p.level) if p.level in LEVELS else 9, p.municipality, p.key)) for g in groups]
    return GroupingResult(groups=result, notes=_notes(people, n_groups), issues=describe(result))
