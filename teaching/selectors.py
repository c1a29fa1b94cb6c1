"""Reads of the teaching-quality tool.

The privacy rule lives here and in ``access.rights``: a single visit is read only through
``visit_get`` (the view checks ``can_see_lesson_visit``) and the lists for the teacher visited
and the school's principal. Everything else is an aggregate per school and term
(``school_pictures``): a term's figures show only when at least ``threshold`` different teachers
were visited (per aspect: scored), and only once the term has ended, so that nobody can watch a
figure move after one visit; the school's own principal, who reads the visits anyway, also sees
the running term. Query counts do not grow with schools, teachers or visits.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipalities.models import Municipality, School

from .models import Aspect, AspectScore, LessonVisit, Rubric, TeachingPlan

# Where on the scale (0 = lowest step, 1 = highest) an aspect counts as a strength or a
# development area. Shown on the school's page as the rule.
STRENGTH_FROM = 2 / 3
DEVELOP_BELOW = 1 / 2
TERMS_SHOWN = 4


# --- Terms ---------------------------------------------------------------------------------------

def term_of(day: datetime.date) -> str:
    """"2026-2" is the autumn term (HT) of 2026, "2027-1" the spring term (VT) of 2027."""
    return f"{day.year}-{2 if day.month >= 7 else 1}"


def term_label(term: str) -> str:
    year, half = term.split("-")
    return (_("HT %(y)s") if half == "2" else _("VT %(y)s")) % {"y": year}


def term_before(term: str) -> str:
    year, half = (int(x) for x in term.split("-"))
    return f"{year}-1" if half == 2 else f"{year - 1}-2"


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 7 else day.year - 1


# --- The rubric ----------------------------------------------------------------------------------

def current_rubric(*, municipality: Municipality) -> Rubric | None:
    """The version in force: the latest adopted one."""
    return (Rubric.objects.filter(municipality=municipality, adopted_on__isnull=False)
            .prefetch_related("aspects").order_by("-version").first())


def rubric_aspects(*, municipality: Municipality) -> list[Aspect]:
    """The aspects of the rubric in force, in order (empty without one). ``Aspect.key`` stays the
    same from version to version: other tools (the competence analysis) keep the key."""
    rubric = current_rubric(municipality=municipality)
    return list(rubric.aspects.all()) if rubric else []


def rubrics(*, municipality: Municipality) -> list[Rubric]:
    return list(Rubric.objects.filter(municipality=municipality).annotate(n_visits=Count("visits"))
                .order_by("-version"))


def rubric_get(*, municipality: Municipality, pk: int) -> Rubric:
    rubric = Rubric.objects.filter(municipality=municipality, pk=pk).prefetch_related("aspects").first()
    if rubric is None:
        raise Http404
    return rubric


# --- Visits (the teacher visited and the school's principal only) --------------------------------

def _with_scores(qs):
    return qs.select_related("school", "teacher", "visitor", "rubric").prefetch_related(
        Prefetch("scores", queryset=AspectScore.objects.select_related("aspect").order_by("aspect__position")))


def visit_get(*, municipality: Municipality, pk: int) -> LessonVisit:
    """Any visit of the municipality (404 otherwise); the view decides with ``can_see_lesson_visit``."""
    visit = _with_scores(LessonVisit.objects.filter(municipality=municipality, pk=pk)).first()
    if visit is None:
        raise Http404
    return visit


def visits_of_teacher(*, municipality: Municipality, teacher, limit: int = 50) -> list[LessonVisit]:
    return list(_with_scores(LessonVisit.objects.filter(municipality=municipality, teacher=teacher))[:limit])


def visits_at_school(*, school: School, limit: int = 30) -> list[LessonVisit]:
    """The school's latest visits, for its principal."""
    return list(_with_scores(LessonVisit.objects.filter(school=school))[:limit])


@dataclass
class ScoreLine:
    title: str
    score: int | None
    label: str


def visit_score_lines(*, visit: LessonVisit) -> list[ScoreLine]:
    """Every aspect of the visit's rubric version with its step (or "not observed")."""
    by_aspect = {s.aspect_id: s.score for s in visit.scores.all()}
    scale = visit.rubric.scale
    out = []
    for aspect in visit.rubric.aspects.all():
        score = by_aspect.get(aspect.pk)
        label = scale[score - 1] if score and score <= len(scale) else _("Inte observerat")
        out.append(ScoreLine(aspect.title, score, label))
    return out


# --- The school's picture (aggregates) -----------------------------------------------------------

@dataclass
class Cell:
    mean: float | None = None  # on the current rubric's scale; None when hidden or empty
    teachers: int = 0

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass
class AspectRow:
    key: str
    title: str
    cells: list[Cell]
    focus: bool = False


@dataclass
class TermColumn:
    term: str
    label: str
    visits: int
    teachers: int
    shown: bool  # figures shown for this term
    reason: str = ""  # why not, when not


@dataclass
class SchoolPicture:
    school: School
    top: int  # the current scale's highest step
    terms: list[TermColumn]
    rows: list[AspectRow]
    strengths: list[str] = field(default_factory=list)  # of the latest shown term
    development_areas: list[str] = field(default_factory=list)
    latest_shown: TermColumn | None = None

    @property
    def any_shown(self) -> bool:
        return self.latest_shown is not None


def _place(mean_fraction: float) -> str:
    if mean_fraction >= STRENGTH_FROM:
        return "strength"
    if mean_fraction < DEVELOP_BELOW:
        return "develop"
    return ""


def school_pictures(
    *, municipality: Municipality, schools: list[School], threshold: int, running_for: set[int] = frozenset(),
    focus: dict[int, list[str]] | None = None, today: datetime.date | None = None, terms_shown: int = TERMS_SHOWN,
) -> dict[int, SchoolPicture]:
    """Each school's picture over its last ``terms_shown`` terms, in five queries for any number of schools.

    ``running_for``: ids of schools whose running term is shown too (to their principal).
    """
    today = today or timezone.localdate()
    now_term = term_of(today)
    terms = [now_term]
    for _i in range(terms_shown - 1):
        terms.insert(0, term_before(terms[0]))
    school_ids = [s.pk for s in schools]
    current = current_rubric(municipality=municipality)
    top = current.top if current else 4

    counts = {
        (r["school_id"], r["term"]): r for r in
        LessonVisit.objects.filter(municipality=municipality, school_id__in=school_ids, term__in=terms)
        .values("school_id", "term").annotate(visits=Count("id"), teachers=Count("teacher", distinct=True))
        .order_by()
    }
    score_filter = {"visit__municipality": municipality, "visit__school_id__in": school_ids, "visit__term__in": terms}
    # Sums per rubric version (scales may differ between versions), teachers per aspect key.
    sums = list(AspectScore.objects.filter(**score_filter)
                .values("visit__school_id", "visit__term", "aspect__key", "visit__rubric_id")
                .annotate(n=Count("id"), total=Sum("score")).order_by())
    teachers = {
        (r["visit__school_id"], r["visit__term"], r["aspect__key"]): r["t"] for r in
        AspectScore.objects.filter(**score_filter).values("visit__school_id", "visit__term", "aspect__key")
        .annotate(t=Count("visit__teacher", distinct=True)).order_by()
    }
    rubric_ids = {r["visit__rubric_id"] for r in sums}
    tops = {pk: len(scale) for pk, scale in Rubric.objects.filter(pk__in=rubric_ids).values_list("pk", "scale")}
    # Titles: the current version's aspects first (in its order), then keys only older versions had.
    titles: dict[str, str] = {}
    if current:
        titles = {a.key: a.title for a in current.aspects.all()}
    current_keys = set(titles)
    old_keys = {r["aspect__key"] for r in sums} - set(titles)
    if old_keys:
        for key, title in (Aspect.objects.filter(rubric__municipality=municipality, key__in=old_keys)
                           .order_by("rubric__version").values_list("key", "title")):
            titles[key] = title  # the latest version's wording wins

    fractions: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0])
    for r in sums:
        steps = tops.get(r["visit__rubric_id"], 2) - 1 or 1
        acc = fractions[(r["visit__school_id"], r["visit__term"], r["aspect__key"])]
        acc[0] += (r["total"] - r["n"]) / steps  # sum of (score - 1) / steps
        acc[1] += r["n"]

    out = {}
    focus = focus or {}
    for school in schools:
        columns = []
        for term in terms:
            c = counts.get((school.pk, term), {"visits": 0, "teachers": 0})
            running = term == now_term
            if not c["visits"]:
                shown, reason = False, _("Inga besök")
            elif running and school.pk not in running_for:
                shown, reason = False, _("Visas när terminen är slut")
            elif c["teachers"] < threshold:
                shown, reason = False, _("För få lärare besökta (minst %(n)s)") % {"n": threshold}
            else:
                shown, reason = True, ""
            columns.append(TermColumn(term, term_label(term), c["visits"], c["teachers"], shown, reason))
        rows = []
        for key, title in titles.items():
            cells = []
            for col in columns:
                t = teachers.get((school.pk, col.term, key), 0)
                acc = fractions.get((school.pk, col.term, key))
                if col.shown and acc and acc[1] and t >= threshold:
                    cells.append(Cell(mean=1 + (acc[0] / acc[1]) * (top - 1), teachers=t))
                else:
                    cells.append(Cell(teachers=t))
            if any(c.teachers for c in cells) or key in current_keys:
                rows.append(AspectRow(key, title, cells, focus=key in focus.get(school.pk, ())))
        picture = SchoolPicture(school, top, columns, rows)
        for i in range(len(columns) - 1, -1, -1):
            if columns[i].shown:
                picture.latest_shown = columns[i]
                for row in rows:
                    cell = row.cells[i]
                    if cell.shown:
                        place = _place((cell.mean - 1) / (top - 1) if top > 1 else 0)
                        if place == "strength":
                            picture.strengths.append(row.title)
                        elif place == "develop":
                            picture.development_areas.append(row.title)
                break
        out[school.pk] = picture
    return out


def threshold_for(*, municipality: Municipality) -> int:
    """The anonymity threshold of the municipality's networks (as for mappings)."""
    from reviews.selectors import anonymity_threshold

    return anonymity_threshold(municipality=municipality)


# --- Plans ---------------------------------------------------------------------------------------

def plan_for(*, school: School, school_year: int) -> TeachingPlan | None:
    return (TeachingPlan.objects.filter(school=school, school_year=school_year)
            .prefetch_related("commitments__owner").first())


def plans_for_year(*, municipality: Municipality, school_year: int) -> dict[int, TeachingPlan]:
    return {p.school_id: p for p in TeachingPlan.objects.filter(municipality=municipality, school_year=school_year)}


# --- What other tools read -----------------------------------------------------------------------

@dataclass
class TeachingSummary:
    """One school's teaching quality in a few lines: for the quality dialogue's agenda."""

    school: School
    visits_this_year: int
    latest_term: str  # the label of the latest term with figures, "" if none
    strengths: list[str]
    development_areas: list[str]
    focus: list[str]  # this school year's plan's focus aspects (titles)
    effect: str  # how the plan says the next visits will show the effect

    @property
    def available(self) -> bool:
        return bool(self.latest_term)


def school_teaching_summary(*, school: School, today: datetime.date | None = None) -> TeachingSummary:
    """Aggregates only, as förvaltning sees them (ended terms, at least the threshold of teachers)."""
    today = today or timezone.localdate()
    municipality = school.municipality
    year = school_year_of(today)
    picture = school_pictures(municipality=municipality, schools=[school], threshold=threshold_for(
        municipality=municipality), today=today)[school.pk]
    plan = plan_for(school=school, school_year=year)
    titles = {row.key: row.title for row in picture.rows}
    visits = LessonVisit.objects.filter(school=school, visited_on__gte=datetime.date(year, 7, 1),
                                        visited_on__lte=today).count()
    return TeachingSummary(
        school=school, visits_this_year=visits,
        latest_term=picture.latest_shown.label if picture.latest_shown else "",
        strengths=picture.strengths, development_areas=picture.development_areas,
        focus=[titles.get(k, k) for k in plan.focus_keys] if plan else [],
        effect=plan.effect if plan else "",
    )


def tool_status(*, municipality: Municipality, today: datetime.date | None = None) -> tuple[str, str]:
    """Dimension 4's status on the quality start page: (one line in words, "ok" or "warning")."""
    today = today or timezone.localdate()
    year = school_year_of(today)
    rubric = Rubric.objects.filter(municipality=municipality, adopted_on__isnull=False).order_by("-version").first()
    if rubric is None:
        return _("Ingen antagen bedömningsmatris för undervisningen ännu."), "warning"
    visits = LessonVisit.objects.filter(municipality=municipality, visited_on__gte=datetime.date(year, 7, 1)).aggregate(
        n=Count("id"), schools=Count("school", distinct=True))
    n_schools = School.objects.filter(municipality=municipality).count()
    n_plans = TeachingPlan.objects.filter(municipality=municipality, school_year=year).count()
    text = ngettext("%(n)s lektionsbesök i år", "%(n)s lektionsbesök i år", visits["n"]) % {"n": visits["n"]}
    text += " " + _("på %(s)s av %(t)s skolor;") % {"s": visits["schools"], "t": n_schools}
    text += " " + ngettext("%(p)s skola har en plan för läsåret.", "%(p)s skolor har en plan för läsåret.",
                           n_plans) % {"p": n_plans}
    ok = visits["n"] > 0 and n_plans > 0
    return text, "ok" if ok else "warning"


def school_get(*, municipality: Municipality, pk: int) -> School:
    school = School.objects.filter(municipality=municipality, pk=pk).select_related("municipality").first()
    if school is None:
        raise Http404
    return school


def schools_of(*, municipality: Municipality) -> list[School]:
    return list(School.objects.filter(municipality=municipality).order_by("name"))


def plan_people(*, municipality: Municipality, school: School):
    """Who may own an action of a school's plan: the school's staff and förvaltning."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from municipalities.models import Level, Membership

    members = Membership.objects.filter(municipality=municipality).filter(
        Q(school=school) | Q(level=Level.FORVALTNING) | Q(is_coordinator=True))
    return get_user_model().objects.filter(pk__in=members.values("user_id")).order_by("full_name", "email")
