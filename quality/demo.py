"""Demo step: Fagersta and Östhammar carry a year of quality work (issue 16).

Fagersta (its teachers and skolchef are quoted in the Modellen 2.0 folder): an adopted scientific
basis with kvittens, a dozen routines with last and this school year's tasks (some late, some
overdue), two evaluations whose causal chains were followed up (one effect came, one did not),
two quality dialogues with minutes and agreed commitments, and a closed Modellen 2.0
self-assessment. Östhammar shares its evaluation template and a routine with the network;
Fagersta has copied the template. Idempotent: everything is looked up by title first.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from municipalities.demo import DEMO_DOMAIN, NETWORK_SLUG
from municipalities.models import Level, Membership, Municipality, School
from networks.models import Network

from . import services
from .models import (
    Action,
    AnalysedResult,
    Cause,
    Confirmation,
    Dialogue,
    EffectOutcome,
    Evaluation,
    EvaluationTemplate,
    EvaluationTemplateShare,
    Principle,
    PrincipleSet,
    Routine,
    RoutineShare,
    RoutineTask,
    Source,
)
from .selectors import school_year_of

PRINCIPLES = [
    ("Tydliga mål för varje lektion",
     "Läraren visar vad eleverna ska lära sig och hur de vet att de har lärt sig det, i början och slutet av lektionen.",
     [("Hattie, J.", "Visible Learning", 2009, "https://visible-learning.org/"),
      ("Skolverket", "Forskning för klassrummet", 2019, "https://www.skolverket.se/")]),
    ("Formativ bedömning varje dag",
     "Läraren tar reda på var varje elev är under lektionen (mini-whiteboards, exit tickets) och ändrar undervisningen efter det.",
     [("Wiliam, D.", "Embedded Formative Assessment", 2011, "")]),
    ("Studiero och struktur",
     "Samma start och avslut på varje lektion; tydliga rutiner för övergångar så att ingen tid går förlorad.",
     [("Skolinspektionen", "Arbetsro i klassrummet", 2016, "https://www.skolinspektionen.se/")]),
    ("Aktivera alla elever",
     "Alla elever svarar, inte bara de som räcker upp handen: no hands up, svarskort, samtalspartner.",
     [("Lemov, D.", "Teach Like a Champion 3.0", 2021, "")]),
]

# (title, month, week, level, role, school index or None, steps)
ROUTINES = [
    ("Läsårsstart: genomgång av förra årets resultat", 8, 34, Level.REKTOR, "", None,
     "Hämta resultaten per klass\nJämför med förväntad progression\nVälj två fokusområden"),
    ("Kartläggning av läsförståelse åk 1–3", 9, None, Level.LARARE, "", 0, "Genomför testet\nFör in resultaten\nIdentifiera elever i behov av stöd"),
    ("Lektionsbesök med återkoppling", 10, None, Level.REKTOR, "", None, "Besök varje lärare\nÅterkoppla inom en vecka"),
    ("Mitterminsutvärdering", 10, 43, Level.REKTOR, "", None, "Fyll i mallen\nAnalysera orsaker\nVälj åtgärder"),
    ("Elevhälsomöte: elever i behov av stöd", 11, None, Level.REKTOR, "elevhälsoteamet", None, "Gå igenom varje klass\nBesluta om insatser"),
    ("Kvalitetsdialog förvaltning–rektor", 11, 47, Level.FORVALTNING, "", None, "Boka dialogerna\nSkicka siffrorna i förväg"),
    ("Terminsutvärdering", 12, 50, Level.REKTOR, "", None, "Sammanfatta resultaten\nFölj upp förra utvärderingens effekter"),
    ("Resultatrapport till nämnden", 2, None, Level.FORVALTNING, "", None, "Sammanställ\nSkriv analys\nLämna till nämnden"),
    ("Nationella prov: planering", 3, None, Level.LARARE, "förstelärare", None, "Planera bedömning\nSambedömning"),
    ("Kollegialt lärande: visa & berätta", 4, None, Level.LARARE, "", 1, "Välj en lektion att visa\nKollega observerar mot rutinens checklista"),
    ("Läsårsutvärdering", 6, 24, Level.REKTOR, "", None, "Fyll i mallen\nFölj upp orsakskedjorna\nSkriv nästa års fokus"),
    ("Överlämning mellan stadier", 6, None, Level.LARARE, "mentorer", 2, "Skriv överlämning\nMöte med mottagande lärare"),
]

TEMPLATE_HEADINGS = (
    "Resultat: Vad visar resultaten, jämfört med förväntad progression?\n"
    "Orsaker: Varför blev det så? Vilka belägg har vi?\n"
    "Åtgärder: Vad gör vi nu, och vilken effekt väntar vi oss när?\n"
    "Förra gången: Kom effekterna vi väntade oss?"
)


def _people(municipality: Municipality) -> dict[str, list]:
    out: dict[str, list] = {}
    for m in Membership.objects.filter(municipality=municipality).select_related("user", "school").order_by("user__email"):
        out.setdefault(m.level, []).append(m)
    return out


def _principles(municipality, people, rng, adopted_on, confirm_share) -> PrincipleSet:
    ps = PrincipleSet.objects.filter(municipality=municipality, version=1).first()
    if ps is None:
        admin = people[Level.FORVALTNING][0].user
        ps = PrincipleSet.objects.create(
            municipality=municipality, version=1, title=f"Så undervisar vi i {municipality.name.removesuffix(' kommun')}",
            introduction="Fyra principer som alla lärare och skolledare behärskar – på varje skola.",
            created_by=admin, adopted_by=admin, adopted_on=adopted_on,
        )
        for position, (title, classroom, sources) in enumerate(PRINCIPLES, start=1):
            p = Principle.objects.create(principle_set=ps, title=title, classroom=classroom, position=position)
            for author, stitle, year, url in sources:
                Source.objects.create(principle=p, author=author, title=stitle, year=year, url=url)
        everyone = [m.user for lst in people.values() for m in lst]
        for user in everyone:
            # Not the demo logins at level lärare: they can confirm it themselves.
            if user.email.startswith("larare.") or rng.random() > confirm_share:
                continue
            Confirmation.objects.get_or_create(principle_set=ps, user=user)
    return ps


def _routines(municipality, people, schools, today) -> list[Routine]:
    out = []
    for title, month, week, level, role, school_index, steps in ROUTINES:
        school = schools[school_index] if school_index is not None and school_index < len(schools) else None
        r = Routine.objects.filter(municipality=municipality, title=title).first()
        if r is None:
            r = services.routine_save(municipality=municipality, title=title, month=month, week=week, who_level=level,
                                      who_role=role, school=school, steps=steps)
        out.append(r)
    year = school_year_of(today)
    rng = random.Random(municipality.pk)
    for school_year in (year - 1, year):
        services.routine_tasks_generate(municipality=municipality, school_year=school_year)
        for task in RoutineTask.objects.filter(routine__municipality=municipality, school_year=school_year,
                                               done_on__isnull=True, due_on__lt=today).select_related("owner"):
            # The demo's own logins keep an overdue task or two to tick off.
            if task.owner and task.owner.email.split(".")[0] in ("rektor", "forvaltning") and rng.random() < 0.5:
                continue
            roll = rng.random()
            if roll < 0.65:
                task.done_on = task.due_on - datetime.timedelta(days=rng.randint(0, 6))
            elif roll < 0.85:
                task.done_on = task.due_on + datetime.timedelta(days=rng.randint(3, 20))
            else:
                continue  # not done: overdue
            task.done_by = task.owner
            task.comment = rng.choice(["", "Genomfört på APT.", "Klart, se protokollet.", "Gjort tillsammans med EHT."])
            task.save()
    return out


def _evaluations(municipality, people, schools, today, template) -> None:
    if Evaluation.objects.filter(municipality=municipality).exists():
        return
    admin = people[Level.FORVALTNING][0].user
    principal = people[Level.REKTOR][0].user
    school = schools[0]
    year = school_year_of(today)
    june = datetime.date(year, 6, 12)
    headings = [{"heading": h, "prompt": p, "text": ""} for h, p in template.heading_list]
    first = Evaluation.objects.create(
        municipality=municipality, school=school, kind="lasar", held_on=june, template=template,
        title=f"Läsårsutvärdering {year - 1}/{year % 100:02d} – {school.name}", created_by=admin,
        sections=[{**h, "text": t} for h, t in zip(headings, [
            "Andelen elever i åk 6 med minst E i matematik sjönk från 84 till 78 %. Läsförståelsen i åk 3 låg still.",
            "Lektionsbesöken visar otydliga mål i 8 av 12 lektioner. Lite högläsning i lågstadiet.",
            "Mål på tavlan varje lektion; daglig högläsning 20 minuter i åk 1–3.",
            "",
        ], strict=False)],
    )
    r1 = AnalysedResult.objects.create(evaluation=first, text="Färre elever i åk 6 når minst E i matematik", position=1)
    c1 = Cause.objects.create(result=r1, text="Otydliga lektionsmål", evidence="8 av 12 lektionsbesök saknade synliga mål")
    a1 = services.action_add(result=r1, created_by=admin, cause=c1, text="Mål på tavlan och exit ticket varje lektion",
                             expected_effect="Minst 82 % når E vid halvårsprovet",
                             expected_by=datetime.date(year, 11, 30), becomes="commitment", owner=principal)
    r2 = AnalysedResult.objects.create(evaluation=first, text="Läsförståelsen i åk 3 står still", position=2)
    c2 = Cause.objects.create(result=r2, text="Lite högläsning", evidence="Enkät: högläsning i snitt 5 minuter i veckan")
    a2 = Action.objects.create(result=r2, cause=c2, text="Daglig högläsning 20 minuter i åk 1–3",
                               expected_effect="Fler elever klarar läsförståelsetestet i november",
                               expected_by=datetime.date(year, 11, 15))
    mid = Evaluation.objects.create(
        municipality=municipality, school=school, kind="mittermin", held_on=min(today, datetime.date(year, 11, 25)),
        template=template, title=f"Mitterminsutvärdering HT {year} – {school.name}", created_by=principal,
        sections=[{**h, "text": ""} for h in headings],
    )
    # One effect came, one did not: the next evaluation asked.
    services.action_follow_up(action=a1, evaluation=mid, outcome=EffectOutcome.CAME,
                              observed_effect="Halvårsprovet: 83 % når minst E (78 % i juni).")
    services.action_follow_up(action=a2, evaluation=mid, outcome=EffectOutcome.NOT,
                              observed_effect="Samma andel som i fjol klarar testet; högläsningen blev av på två av fem klasser.")
    r3 = AnalysedResult.objects.create(evaluation=mid, text="Högläsningen genomförs inte i alla klasser", position=1)
    c3 = Cause.objects.create(result=r3, text="Schemat har ingen fast tid", evidence="Två av fem klasser saknar tiden i schemat")
    services.action_add(result=r3, created_by=principal, cause=c3, text="Fast lästid i schemat efter lunch",
                        expected_effect="Alla klasser läser högt varje dag", expected_by=datetime.date(year + 1, 2, 28))


def _dialogues(municipality, people, schools, today) -> None:
    if Dialogue.objects.filter(municipality=municipality).exists():
        return
    admin = people[Level.FORVALTNING][0].user
    principals = people[Level.REKTOR]
    tz = timezone.get_current_timezone()
    for i, (school, days_ago) in enumerate(((schools[0], 20), (schools[1], 45))):
        start = datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(13, 0), tzinfo=tz)
        d = services.dialogue_create(municipality=municipality, created_by=admin, school=school, starts_at=start,
                                     title=f"Kvalitetsdialog HT – {school.name}", place="Kommunhuset, rum 3")
        d.minutes = ("Rektor presenterade läget. Resultaten i matematik går åt rätt håll efter målarbetet; "
                     "läsförståelsen står still. Vi kom överens om två åtgärder (se nedan).")
        d.save(update_fields=["minutes"])
        owner = principals[i % len(principals)].user
        services.dialogue_action_add(dialogue=d, created_by=admin, title="Fast lästid i schemat", owner=owner,
                                     due_on=today + datetime.timedelta(days=60))
        services.dialogue_action_add(dialogue=d, created_by=admin, title="Rapportera halvårsprovet till förvaltningen",
                                     owner=owner, due_on=today + datetime.timedelta(days=30))
    start = datetime.datetime.combine(today + datetime.timedelta(days=50), datetime.time(9, 0), tzinfo=tz)
    services.dialogue_create(municipality=municipality, created_by=admin, school=None, starts_at=start,
                             title="Kvalitetsdialog nämnd–förvaltning VT", place="Sammanträdesrummet")


def _self_assessment(municipality, people, today) -> None:
    from reviews.models import Answer, Mapping, Response
    from reviews.selectors import anonymity_threshold
    from reviews.services import MODELLEN_LINEAGE, shipped_template

    template = shipped_template(MODELLEN_LINEAGE)
    mapping, created = Mapping.objects.get_or_create(
        municipality=municipality, title="Modellen 2.0 – självskattning HT",
        defaults={"template": template, "opens_on": today - datetime.timedelta(days=60),
                  "closes_on": today - datetime.timedelta(days=30),
                  "threshold": anonymity_threshold(municipality=municipality)},
    )
    if not created:
        return
    from reviews.demo import _roster

    # Everyone was asked and counts (members for years), as in the reviews demo.
    _roster(mapping, [m for lst in people.values() for m in lst])
    rng = random.Random(municipality.pk * 7)
    statements = list(template.statements.order_by("position"))
    # "Full koll" is ticked generously for routines: the tool beside it shows what was done in time.
    full = {"vetenskaplig-grund": 0.7, "rutiner-vad-vem-nar-hur": 0.85, "analysarbete": 0.4,
            "rapportering-kvalitetsdialoger": 0.6}
    for level, memberships in people.items():
        for m in memberships:
            if m.user.email.split(".")[0] in ("larare", "rektor", "politiker", "forvaltning", "samordnare"):
                continue
            response = Response.objects.create(mapping=mapping, user=m.user, level=level, counted=True,
                                               submitted_at=timezone.now() - datetime.timedelta(days=35))
            for st in statements:
                Answer.objects.create(response=response, statement=st,
                                      value=1 if rng.random() < full.get(st.key, 0.3) else 2)


def build(*, stdout) -> None:
    today = timezone.localdate()
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    fagersta = Municipality.objects.filter(slug="fagersta").first()
    osthammar = Municipality.objects.filter(slug="osthammar").first()
    if fagersta is None or osthammar is None:
        stdout.write("  (hoppar över kvalitetsarbetet: Fagersta och Östhammar saknas – kör municipalities först)")
        return
    rng = random.Random(16)
    for municipality, adopted_days, share in ((fagersta, 200, 0.8), (osthammar, 90, 0.55)):
        people = _people(municipality)
        schools = list(School.objects.filter(municipality=municipality).order_by("name"))
        _principles(municipality, people, rng, today - datetime.timedelta(days=adopted_days), share)
        _routines(municipality, people, schools, today)
        _self_assessment(municipality, people, today)

    # Östhammar writes the evaluation template and shares it (and a routine) with the network;
    # Fagersta copied the template and evaluates with it.
    template = EvaluationTemplate.objects.filter(municipality=osthammar, name="Östhammars utvärderingsmall").first()
    if template is None:
        template = services.evaluation_template_save(municipality=osthammar, name="Östhammars utvärderingsmall",
                                                     headings=TEMPLATE_HEADINGS)
    sharer = Membership.objects.filter(municipality=osthammar, is_coordinator=True).select_related("user").first()
    if network is not None:
        EvaluationTemplateShare.objects.get_or_create(evaluation_template=template, network=network,
                                                      defaults={"shared_by": sharer.user if sharer else None})
        routine = Routine.objects.filter(municipality=osthammar, title="Kvalitetsdialog förvaltning–rektor").first()
        if routine is not None:
            RoutineShare.objects.get_or_create(routine=routine, network=network,
                                               defaults={"shared_by": sharer.user if sharer else None})
    copy = EvaluationTemplate.objects.filter(municipality=fagersta, copied_from_label__contains="Östhammar").first()
    if copy is None:
        from .sharing import example_copy

        copy = example_copy(obj=template, into=fagersta, network=network,
                            by=Membership.objects.filter(municipality=fagersta, is_coordinator=True).first().user)
    for municipality, tmpl in ((fagersta, copy), (osthammar, template)):
        people = _people(municipality)
        schools = list(School.objects.filter(municipality=municipality).order_by("name"))
        _evaluations(municipality, people, schools, today, tmpl)
        # After the evaluations: a dialogue's agenda is filled from the latest analysis.
        _dialogues(municipality, people, schools, today)
    stdout.write(f"  Kvalitetsarbete: Fagersta och Östhammar (logga in som forvaltning.fagersta@{DEMO_DOMAIN})")
