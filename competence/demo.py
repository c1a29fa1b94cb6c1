"""Demo step: Fagersta's dimension 8 (issue 17) — checklists, a competence analysis, Visa & berätta.

Runs after quality's and teaching's steps. Four routines get a checklist; the competences come
from them, from the aspects of Fagersta's teaching rubric, and three of Fagersta's own; the staff of Brattbergsskolan and
Västanforsskolan have assessed themselves (enough to show the school's figures), Risbroskolan only
four (too few: its figures stay hidden). Brattbergsskolan's plan has two actions (commitments).
Visa & berätta: some teachers have shown the routines, others not yet. The demo logins
larare.fagersta and rektor.fagersta have things left to do themselves. Idempotent.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from municipalities.models import Level, Membership, Municipality, School
from quality.models import Routine

from . import services
from .models import (
    ChecklistItem,
    CheckResult,
    Competence,
    CompetenceSource,
    PlanAction,
    SelfAssessment,
    ShowAndTell,
)

CHECKLISTS = {
    "Kartläggning av läsförståelse åk 1–3": [
        "Alla elever i årskursen har gjort testet inom två veckor",
        "Resultaten är införda samma vecka",
        "Elever under gränsvärdet har en namngiven lärare som följer upp",
        "Resultatet är jämfört med samma klass förra terminen",
    ],
    "Nationella prov: planering": [
        "Bedömningen är planerad med ämneskollegor",
        "Sambedömning av minst tre elevarbeten per lärare",
        "Avvikelser mot betyget är analyserade",
    ],
    "Kollegialt lärande: visa & berätta": [
        "Lektionens mål är synligt för eleverna",
        "Alla elever är aktiva (no hands up, svarskort)",
        "Läraren tar reda på vad eleverna lärt sig innan lektionen slutar",
        "Kollegan ger återkoppling inom en vecka",
    ],
    "Lektionsbesök med återkoppling": [
        "Besöket är aviserat och har ett fokus",
        "Återkopplingen ges inom en vecka",
        "Återkopplingen utgår från bedömningsunderlaget",
    ],
}

OWN = [
    ("Formativ bedömning i klassrummet", "Ta reda på var eleverna är under lektionen och ändra undervisningen efter det."),
    ("Leda kollegialt lärande", "Planera och leda lärgrupper där kollegor visar och granskar varandras praktik."),
    ("Analysera resultat och förädlingsvärde", "Läsa klassens progression över tid och dra slutsatser för undervisningen."),
]

# Per school (sorted by name): how many of its staff assessed themselves (None: all but the demo teacher).
ANSWERING = {"Brattbergsskolan": None, "Västanforsskolan": None, "Risbroskolan": 4}


def build(*, stdout) -> None:
    fagersta = Municipality.objects.filter(slug="fagersta").first()
    if fagersta is None or not Routine.objects.filter(municipality=fagersta).exists():
        stdout.write("  (hoppar över kompetens och Visa & berätta: Fagerstas rutiner saknas – kör quality först)")
        return
    rng = random.Random(1982)
    today = timezone.localdate()
    routines = {r.title: r for r in Routine.objects.filter(municipality=fagersta, title__in=list(CHECKLISTS))}
    for title, lines in CHECKLISTS.items():
        if title in routines and not ChecklistItem.objects.filter(routine=routines[title]).exists():
            services.checklist_save(routine=routines[title], lines=lines)
    services.competences_from_routines(municipality=fagersta)
    services.competences_from_rubric(municipality=fagersta)
    for title, description in OWN:
        if not Competence.objects.filter(municipality=fagersta, title=title).exists():
            services.competence_save(municipality=fagersta, title=title, description=description)
    competences = list(Competence.objects.filter(municipality=fagersta))
    schools = list(School.objects.filter(municipality=fagersta).order_by("name"))
    for school in schools:
        staff = list(Membership.objects.filter(municipality=fagersta, school=school, level__in=services.STAFF_LEVELS)
                     .select_related("user").order_by("user__email"))
        _answers(fagersta, school, staff, competences, rng)
        _sessions(school, staff, routines, today, rng)
    _plan(fagersta, schools[0], competences, today)
    stdout.write(f"  Kompetens och Visa & berätta: Fagersta ({len(competences)} kompetenser)")


def _answers(municipality, school, staff, competences, rng) -> None:
    if SelfAssessment.objects.filter(school=school).exists():
        return
    wanted = ANSWERING.get(school.name)
    # The demo teacher answers themselves (and sees their answer only they and the principal see).
    people = [m for m in staff if not m.user.email.startswith("larare.")]
    if wanted is not None:
        people = people[:wanted]
    for m in people:
        answers = {}
        for c in competences:
            # Formative assessment and analysing value added are the common development areas.
            weak = c.source == CompetenceSource.OWN and c.title.startswith(("Formativ", "Analysera"))
            level = rng.choice((1, 2, 2, 3)) if weak else rng.choice((2, 3, 3, 4))
            need = 2 if level == 1 else (1 if level == 2 else rng.choice((0, 0, 1)))
            answers[c.pk] = (level, need)
        services.self_assessment_save(municipality=municipality, user=m.user, answers=answers)


def _sessions(school, staff, routines, today, rng) -> None:
    if ShowAndTell.objects.filter(school=school).exists():
        return
    applicable = [r for r in routines.values() if services.routine_applies_to(r, school) and r.who_level == Level.LARARE]
    teachers = [m.user for m in staff if m.level == Level.LARARE]
    principals = [m.user for m in staff if m.level == Level.REKTOR]
    if not teachers or not principals:
        return
    for r in applicable:
        items = list(ChecklistItem.objects.filter(routine=r))
        # Half or more of the teachers have shown it; the demo teacher has not yet.
        shown = [t for t in teachers if not t.email.startswith("larare.")][: max(1, len(teachers) // 2 + 1)]
        for n, presenter in enumerate(shown):
            checker = principals[n % len(principals)] if n % 2 == 0 else next(t for t in teachers if t != presenter)
            session = services.show_and_tell_create(
                school=school, routine=r, presenter=presenter, checker=checker,
                held_on=today - datetime.timedelta(days=10 + 9 * n), practice=_practice(r.title, n),
                note="Vi tar med oss exemplet till nästa lärgrupp." if n == 0 else "",
            )
            results = {}
            for i in items:
                roll = rng.random()
                result = CheckResult.SHOWN if roll < 0.65 else (CheckResult.PARTLY if roll < 0.9 else CheckResult.NOT_YET)
                note = "" if result == CheckResult.SHOWN else "Prova igen efter lärgruppen."
                results[i.pk] = (result, note)
            services.show_and_tell_check(session=session, results=results)


def _practice(title: str, n: int) -> str:
    examples = ["Exit tickets i matematik", "Svarskort i svenska", "Lässtrategier i SO", "Mini-whiteboards i NO"]
    return f"{examples[n % len(examples)]} ({title.split(':')[0].lower()})"


def _plan(municipality, school, competences, today) -> None:
    if PlanAction.objects.filter(school=school).exists():
        return
    principal = (Membership.objects.filter(municipality=municipality, school=school, level=Level.REKTOR)
                 .select_related("user").order_by("user__email").first())
    if principal is None:
        return
    by_title = {c.title: c for c in competences}
    for title, action, days in (
        ("Formativ bedömning i klassrummet", "Lärgrupp i formativ bedömning varannan vecka under våren", 120),
        ("Analysera resultat och förädlingsvärde", "Förstelärarna leder en analysdag om klassernas progression", 60),
    ):
        if title in by_title:
            services.plan_action_add(school=school, competence=by_title[title], created_by=principal.user,
                                     title=action, owner=principal.user, due_on=today + datetime.timedelta(days=days))
