"""Demo step: teaching quality at Fagersta (issue 17, point 2; after the quality step).

Förvaltning adopted the starter rubric at the start of last school year. Brattbergsskolan's
principal visited its eight teachers over the last two ended terms and this one: formative
feedback was the school's development area, the plan made it a focus with two actions, and the
next term's visits show it improving. Västanforsskolan has a few visits, too few teachers to show
a picture. To have a school above the anonymity threshold (5 teachers), the step adds four teachers
to Brattbergsskolan (``larare13``–``larare16.fagersta``). Idempotent: nothing is added twice.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from municipalities.demo import DEMO_DOMAIN, DEMO_PASSWORD, _user
from municipalities.models import Level, Membership, Municipality, School

from . import services
from .models import LessonVisit, Rubric, TeachingPlan
from .selectors import school_year_of, term_before, term_of

EXTRA_TEACHERS = [("larare13", "Vera Lund"), ("larare14", "Olof Strand"), ("larare15", "Yasmin Ali"),
                  ("larare16", "Tove Bergman")]
# Mean step (1–4) per aspect key and term, oldest first: formative feedback rises.
LEVELS = {
    "tydlig-struktur": (3.2, 3.3, 3.4),
    "studiero": (3.0, 3.1, 3.2),
    "varje-elev-aktiv": (2.4, 2.7, 2.9),
    "formativ-aterkoppling": (1.8, 2.6, 3.0),
}
STRENGTHS = ["Tydlig start med dagens mål på tavlan.", "Lugn övergång till grupparbetet.",
             "Eleverna använde begreppen i egna meningar.", "Bra exempel som knöt an till förra lektionen."]
TO_DEVELOP = ["Kolla av vad alla har förstått innan eleverna arbetar själva.",
              "Låt fler elever svara: använd svarskort.", "Avsluta med en exit ticket.",
              "Ge återkoppling på väg, inte bara i slutet."]


def _term_days(term: str, today: datetime.date) -> list[datetime.date]:
    year, half = (int(x) for x in term.split("-"))
    start, end = (datetime.date(year, 8, 25), datetime.date(year, 12, 15)) if half == 2 else (
        datetime.date(year, 1, 15), datetime.date(year, 6, 5))
    end = min(end, today)
    return [start + datetime.timedelta(days=d) for d in range((end - start).days + 1)
            if (start + datetime.timedelta(days=d)).weekday() < 5]


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(4, round(rng.gauss(mean, 0.55))))


def build(*, stdout) -> None:
    today = timezone.localdate()
    fagersta = Municipality.objects.filter(slug="fagersta").first()
    if fagersta is None:
        stdout.write("  (hoppar över undervisningen: Fagersta saknas – kör municipalities först)")
        return
    schools = {s.name: s for s in School.objects.filter(municipality=fagersta)}
    bratt, vastanfors = schools["Brattbergsskolan"], schools["Västanforsskolan"]
    admin = Membership.objects.filter(municipality=fagersta, level=Level.FORVALTNING,
                                      user__email=f"forvaltning.fagersta@{DEMO_DOMAIN}").first().user
    password_hash = make_password(DEMO_PASSWORD)
    for short, name in EXTRA_TEACHERS:
        user = _user(f"{short}.fagersta@{DEMO_DOMAIN}", name, password_hash)
        Membership.objects.get_or_create(user=user, municipality=fagersta,
                                         defaults={"level": Level.LARARE, "school": bratt})

    now_term = term_of(today)
    terms = [term_before(term_before(now_term)), term_before(now_term), now_term]
    first_day = _term_days(terms[0], today)[0]  # an ended term: it has days
    rubric = Rubric.objects.filter(municipality=fagersta, adopted_on__isnull=False).first()
    if rubric is None:
        rubric = services.rubric_create(municipality=fagersta, created_by=admin)
        services.rubric_adopt(rubric=rubric, adopted_by=admin, adopted_on=first_day - datetime.timedelta(days=10))
    if LessonVisit.objects.filter(municipality=fagersta).exists():
        stdout.write("  Undervisning: Fagersta har redan lektionsbesök")
        return

    rng = random.Random(17)
    commented = False
    aspects = {a.key: a for a in rubric.aspects.all()}
    for school, visits_per_term, principal_email in (
        (bratt, (11, 12, 6), f"rektor.fagersta@{DEMO_DOMAIN}"),
        (vastanfors, (3, 3, 2), f"rektor2.fagersta@{DEMO_DOMAIN}"),
    ):
        principal = Membership.objects.filter(municipality=fagersta, school=school, level=Level.REKTOR).order_by(
            "user__email").select_related("user")
        visitor = next((m.user for m in principal if m.user.email == principal_email), principal[0].user)
        teachers = services.visit_teachers(school=school)
        for t, (term, n) in enumerate(zip(terms, visits_per_term, strict=True)):
            days = _term_days(term, today)
            for i in range(n if days else 0):  # the running term may not have begun its lessons
                day = days[(i * len(days)) // n]
                scores = {aspects[key].pk: _score(rng, means[t]) for key, means in LEVELS.items()}
                if rng.random() < 0.2:
                    scores.pop(aspects["studiero"].pk)  # not observed in every lesson
                visit = services.visit_record(
                    municipality=fagersta, school=school, visitor=visitor, teacher=teachers[i % len(teachers)],
                    visited_on=day, scores=scores, lesson=rng.choice(["Ma 7B", "Sv 8A", "No 9C", "En 7A", "SO 8B"]),
                    strengths=rng.choice(STRENGTHS), to_develop=rng.choice(TO_DEVELOP), rubric=rubric, today=day,
                )
                if t == 2 and visit.teacher.email == f"larare.fagersta@{DEMO_DOMAIN}" and not commented:
                    # The demo teacher's latest visit has their comment (README).
                    services.visit_comment(visit=visit, teacher=visit.teacher,
                                           text="Tack! Jag provar exit tickets i alla mina grupper nu.")
                    commented = True

    year = school_year_of(today)
    if not TeachingPlan.objects.filter(school=bratt, school_year=year).exists():
        principal = Membership.objects.filter(municipality=fagersta, school=bratt, level=Level.REKTOR,
                                              user__email=f"rektor.fagersta@{DEMO_DOMAIN}").first().user
        plan = services.plan_save(
            school=bratt, school_year=year, focus_keys=["formativ-aterkoppling", "varje-elev-aktiv"],
            why="Formativ återkoppling var skolans utvecklingsområde i höstas och har blivit bättre i våras. "
                "Vi fortsätter tills det syns i alla klassrum.",
            effect="Medel minst 3 på formativ återkoppling och varje elev aktiv vid besöken till våren, "
                   "med minst sex besökta lärare.",
            updated_by=principal,
        )
        services.plan_action_add(plan=plan, created_by=principal, owner=principal,
                                 title="Kollegialt lärande om exit tickets varannan vecka",
                                 due_on=today + datetime.timedelta(days=90))
        services.plan_action_add(plan=plan, created_by=principal, owner=principal,
                                 title="Svarskort i alla klassrum", due_on=today + datetime.timedelta(days=45))
    stdout.write(f"  Undervisning: lektionsbesök på Brattbergsskolan (logga in som rektor.fagersta@{DEMO_DOMAIN})")
