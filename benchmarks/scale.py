"""The national-scale data set (issue 8): every Swedish kommun, using the product for years.

:func:`build` makes it at any :class:`Scale`; ``seed_scale`` runs :data:`FULL` (or :data:`SMALL`,
a tenth), the query-budget tests run two tiny scales on the test database. Municipality names
and kommun-koder come from Skolverket's export in ``data/skolverket/``; measurements are the
real exports, imported with the indicators importer. Everything else is generated, seeded, so
two runs give the same data.

Big tables are written with COPY (``benchmarks.writer``); history tables (django-simple-history)
are left empty for generated rows, as for rows a data migration would write.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from commitments.models import (
    Commitment,
    CommitmentShare,
    CommitmentStatus,
    Feedback,
    FeedbackKind,
    ProgressUpdate,
)
from goals.models import Goal, GoalIndicator, GoalShare, GoalStatus
from indicators.models import Indicator, Measurement, NationalValue
from municipalities.models import Level, Membership, Municipality, School
from networks.models import Group, Meeting, Network, NetworkMembership, ProjectLeader, Registration, Round
from reviews.models import Answer, Mapping, MappingShare, Response, RosterEntry, Statement
from reviews.services import SKR_LINEAGE, shipped_template

from .writer import Ids, Writer, reset_sequences

SKOLVERKET_DIR = Path(settings.BASE_DIR) / "data" / "skolverket"
MUNICIPALITY_SOURCE = "Grundskola - Antal elever per årskurs 2022 Kommun.csv"
PASSWORD = "skala-skolnatverk"  # noqa: S105 (generated test data; documented in the README)
DOMAIN = "scale.skolnatverk.se"



def personas(tag: str = "") -> dict[str, str]:
    """The benchmark's personas: fixed e-mails in the first network's first municipality."""
    domain = f"{tag}.{DOMAIN}" if tag else DOMAIN
    return {key: f"bench.{key}@{domain}" for key in
            ("politiker", "forvaltning", "samordnare", "rektor", "larare", "processledare")}


PERSONAS = personas()

LEVEL_PROFILE = {Level.NAMND: 4.8, Level.FORVALTNING: 4.3, Level.REKTOR: 3.8, Level.LARARE: 3.3}
FIRST_NAMES = ("Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Eva", "Per", "Lena",
               "Mikael", "Emma", "Fredrik", "Ida", "Magnus", "Sofia", "Jonas", "Elin", "Oskar", "Aisha",
               "Ali", "Fatima", "Mohammed", "Linnea", "Hugo", "Maja", "Nils", "Astrid", "Omar")
LAST_NAMES = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
              "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Lindberg",
              "Jakobsson", "Magnusson", "Lindström", "Berg", "Axelsson", "Hassan", "Lundqvist", "Mattsson")
SCHOOL_NAMES = ("Centralskolan", "Norra skolan", "Södra skolan", "Östra skolan", "Västra skolan", "Björkskolan",
                "Ekskolan", "Lindskolan", "Sjöskolan", "Backaskolan", "Ängsskolan", "Kyrkskolan", "Parkskolan",
                "Hagaskolan", "Bergsskolan", "Tallskolan", "Solskolan", "Vallaskolan")
COMMITMENT_TITLES = (
    "Kollegialt lärande i matematik varannan vecka", "Gemensam årsklocka för uppföljning",
    "Rektorer återkopplar resultat till lärarlagen", "Nämnden följer upp målen varje kvartal",
    "Tidiga insatser i läsning i årskurs 1", "Elevhälsan på arbetslagsmöten", "Lektionsbesök med återkoppling",
    "Analys av resultat per skola och årskurs", "Studiero i alla klassrum", "Gemensamma bedömningsmatriser",
)
UPDATE_TEXTS = (
    "Vi har haft två träffar och gjort en plan.", "Lärarlagen har testat arbetssättet i två klasser.",
    "Resultaten analyserades på rektorsmötet.", "Förvaltningen har tagit fram ett underlag.",
    "Nämnden fick en första redovisning.", "Arbetet är försenat på grund av sjukdom, vi tar igen det i maj.",
)
FEEDBACK_TEXTS = (
    "Tydlig redovisning, och bra att alla nivåer var med.", "Hur når ni ut till alla lärare?",
    "Prova att låta rektorerna leda analysen.", "Er uppföljningsrutin vill vi låna.",
)


@dataclass(frozen=True)
class Scale:
    municipalities: int = 290
    networks: int = 30
    schools: int = 4800
    people: int = 60000
    rounds: int = 10
    commitments_per_round: int = 8
    updates_per_commitment: int = 5
    respondents: int = 150
    registrations_per_level: int = 3
    groups_per_meeting: int = 6
    feedback_per_municipality: int = 3
    # None: every file in data/skolverket/; () imports nothing.
    statistics_files: tuple[str, ...] | None = None
    seed: int = 8
    # Two data sets in one database (the query-budget tests): a tag in e-mails and network
    # slugs, and the kommuner to start from in Skolverket's list.
    tag: str = ""
    first_kommun: int = 0


FULL = Scale()
SMALL = Scale(municipalities=29, networks=3, schools=480, people=6000)


@dataclass
class Built:
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    persona_emails: dict[str, str] = field(default_factory=lambda: dict(PERSONAS))
    network_slugs: list[str] = field(default_factory=list)


def kommuner() -> list[tuple[str, str]]:
    """(name, kommun-kod) of every kommun in Skolverket's export, sorted by code (county first)."""
    text = (SKOLVERKET_DIR / MUNICIPALITY_SOURCE).read_text(encoding="utf-8-sig")
    found: dict[str, str] = {}
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if len(row) > 2 and row[1].strip().isdigit() and len(row[1].strip()) == 4:
            found[row[1].strip()] = row[0].strip()
    return sorted(((name, code) for code, name in found.items()), key=lambda item: item[1])


def _spread(total: int, parts: int) -> list[int]:
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]




class _Builder:
    def __init__(self, scale: Scale, log: Callable[[str], None]) -> None:
        self.s = scale
        self.log = log
        self.rng = random.Random(scale.seed)
        self.ids = Ids()
        self.w = Writer()
        self.built = Built(persona_emails=personas(scale.tag))
        self.domain = f"{scale.tag}.{DOMAIN}" if scale.tag else DOMAIN
        self.now = timezone.now()
        self.today = timezone.localdate()

    def step(self, name: str, fn: Callable[[], None]) -> None:
        started = time.perf_counter()
        fn()
        took = time.perf_counter() - started
        self.built.timings[name] = round(took, 2)
        self.log(f"  {name}: {took:.1f} s")

    def run(self) -> Built:
        with transaction.atomic():
            self.step("municipalities and schools", self.municipalities)
            self.step("people", self.people)
            self.step("networks, rounds, meetings", self.networks)
            self.step("registrations and groups", self.registrations)
            self.step("mappings and answers", self.mappings)
        # The importer runs its own transaction per file.
        self.step("Skolverket statistics", self.statistics)
        with transaction.atomic():
            self.step("goals", self.goals)
            self.step("commitments, updates, feedback", self.commitments)
            reset_sequences(self.ids.models)
        if connection.vendor == "postgresql":
            self.step("analyze", self.analyze)
        self.built.counts = dict(self.w.counts)
        # run() works with the scopes off (benchmarks.crosstenant.build).
        self.built.counts["indicators.Measurement"] = Measurement.objects.count()
        self.built.counts["indicators.Indicator"] = Indicator.objects.count()
        self.built.counts["indicators.NationalValue"] = NationalValue.objects.count()
        return self.built

    # --- municipalities, schools, people ----------------------------------------------------
    def municipalities(self) -> None:
        chosen = kommuner()[self.s.first_kommun: self.s.first_kommun + self.s.municipalities]
        if len(chosen) < self.s.municipalities:
            raise ValueError(f"Skolverket's file lists {len(chosen)} kommuner, fewer than {self.s.municipalities}.")
        ids = self.ids.take(Municipality, len(chosen))
        slugs: set[str] = set()
        rows = []
        self.munis: list[dict] = []
        for pk, (name, code) in zip(ids, chosen, strict=True):
            slug = slugify(name) or f"kommun-{code}"
            if slug in slugs or Municipality.objects.filter(slug=slug).exists():
                slug = f"{slug}-{code}"
            slugs.add(slug)
            rows.append((pk, name, slug, code, "kommun", False))
            self.munis.append({"id": pk, "name": name, "slug": slug, "code": code})
        self.w.insert(Municipality, ("id", "name", "slug", "code", "kind", "require_mfa_for_coordinators"), rows)

        per = _spread(self.s.schools, len(self.munis))
        school_ids = iter(self.ids.take(School, self.s.schools))
        rows = []
        for muni, count in zip(self.munis, per, strict=True):
            muni["schools"] = []
            for i in range(count):
                pk = next(school_ids)
                base = SCHOOL_NAMES[i % len(SCHOOL_NAMES)]
                name = base if i < len(SCHOOL_NAMES) else f"{base} {i // len(SCHOOL_NAMES) + 1}"
                rows.append((pk, muni["id"], name, f"{muni['code']}{i:04d}"))
                muni["schools"].append(pk)
        self.w.insert(School, ("id", "municipality_id", "name", "unit_code"), rows)

    def people(self) -> None:
        password = make_password(PASSWORD)  # hashed once, shared by every generated account
        per = _spread(self.s.people, len(self.munis))
        user_ids = iter(self.ids.take(User, self.s.people + self.s.networks + 1))
        membership_ids = iter(self.ids.take(Membership, self.s.people))
        users, memberships = [], []
        rng = self.rng
        for index, (muni, count) in enumerate(zip(self.munis, per, strict=True)):
            schools = muni["schools"]
            # About 207 people: 9 politicians, 10 in the administration, a principal per school.
            levels = (
                [Level.NAMND] * max(2, count // 23) + [Level.FORVALTNING] * max(2, count // 20)
                + [Level.REKTOR] * min(len(schools), max(1, count // 12))
            )
            levels = levels[:count]
            levels += [Level.LARARE] * (count - len(levels))
            muni["people"] = {level: [] for level in Level}
            personas = {}
            if index == 0:
                named = self.built.persona_emails
                personas = {Level.NAMND: [named["politiker"]],
                            Level.FORVALTNING: [named["samordnare"], named["forvaltning"]],
                            Level.REKTOR: [named["rektor"]], Level.LARARE: [named["larare"]]}
            seen = dict.fromkeys(Level, 0)
            for level in levels:
                n = seen[level]
                seen[level] += 1
                user_id = next(user_ids)
                fixed = personas.get(level, [])
                email = fixed[n] if n < len(fixed) else f"{level}.{n + 1}@{muni['slug']}.{self.domain}"
                full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                users.append((user_id, email, full_name, password, False, True, False, self.now))
                school = None
                if level == Level.REKTOR or level == Level.LARARE:
                    school = schools[n % len(schools)]
                coordinator = level == Level.FORVALTNING and n == 0
                memberships.append((next(membership_ids), user_id, muni["id"], level, school, coordinator))
                muni["people"][level].append(user_id)
                if coordinator:
                    muni["coordinator"] = user_id
        self.leaders = []
        for n in range(self.s.networks):
            user_id = next(user_ids)
            email = self.built.persona_emails["processledare"] if n == 0 else f"processledare.{n + 1}@{self.domain}"
            users.append((user_id, email, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", password,
                          False, True, False, self.now))
            self.leaders.append(user_id)
        staff_id = next(user_ids)
        users.append((staff_id, f"admin@{self.domain}", "Plattformens administratör", password, True, True, True, self.now))
        self.w.insert(User, ("id", "email", "full_name", "password", "is_staff", "is_active", "is_superuser",
                             "date_joined"), users)
        self.w.insert(Membership, ("id", "user_id", "municipality_id", "level", "school_id", "is_coordinator"),
                      memberships)
        # Verified addresses (allauth requires verification): the seeded people can sign in.
        address_ids = iter(self.ids.take(EmailAddress, len(users)))
        self.w.insert(EmailAddress, ("id", "user_id", "email", "verified", "primary"),
                      [(next(address_ids), row[0], row[1], True, True) for row in users])

    # --- networks, rounds, meetings, registrations ---------------------------------------------
    def round_start(self, number: int) -> datetime.date:
        # The last round's home phase began 60 days ago; rounds are 120 days apart.
        return self.today - datetime.timedelta(days=60 + (self.s.rounds - number) * 120)

    def networks(self) -> None:
        tz = timezone.get_current_timezone()
        network_ids = self.ids.take(Network, self.s.networks)
        sizes = _spread(len(self.munis), self.s.networks)
        nets, members, leaders, rounds, meetings = [], [], [], [], []
        self.nets: list[dict] = []
        start = 0
        for n, (pk, size) in enumerate(zip(network_ids, sizes, strict=True)):
            slug = f"{self.s.tag}-natverk-{n + 1:02d}" if self.s.tag else f"natverk-{n + 1:02d}"
            self.built.network_slugs.append(slug)
            nets.append((pk, f"Matematiksatsningen – nätverk {n + 1}", slug, "", False, self.s.rounds, 3))
            net = {"id": pk, "slug": slug, "munis": self.munis[start:start + size], "rounds": {}}
            start += size
            for muni in net["munis"]:
                members.append((self.ids.one(NetworkMembership), pk, muni["id"], self.round_start(1)))
                muni["network"] = net
            leaders.append((self.ids.one(ProjectLeader), pk, self.leaders[n]))
            for number in range(1, self.s.rounds + 1):
                round_id = self.ids.one(Round)
                home = self.round_start(number)
                rounds.append((round_id, pk, number, home, f"Omgång {number}: styrning och ledning"))
                meeting_id = self.ids.one(Meeting)
                day = home + datetime.timedelta(days=90)
                starts = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=tz)
                ends = starts + datetime.timedelta(hours=6)
                agenda = "Välkommen\nRedovisning av åtaganden\nKartläggningen i blandade grupper\nNya åtaganden"
                meetings.append((meeting_id, round_id, starts, ends, "Stadshuset, stora salen", agenda,
                                 starts - datetime.timedelta(days=30), self.leaders[n]))
                net["rounds"][number] = {"id": round_id, "home": home, "meeting": meeting_id, "starts": starts,
                                         "past": starts < self.now}
            self.nets.append(net)
        self.w.insert(Network, ("id", "name", "slug", "description", "require_mfa_for_leaders", "agreed_rounds",
                                "anonymity_threshold"), nets)
        self.w.insert(NetworkMembership, ("id", "network_id", "municipality_id", "joined_on"), members)
        self.w.insert(ProjectLeader, ("id", "network_id", "user_id"), leaders)
        self.w.insert(Round, ("id", "network_id", "number", "home_phase_starts", "title"), rounds)
        self.w.insert(Meeting, ("id", "round_id", "starts", "ends", "place", "agenda", "invitations_sent_at",
                                "created_by_id"), meetings)

    def registrations(self) -> None:
        groups, regs = [], []
        names = dict(User.objects.values_list("id", "full_name"))
        for net in self.nets:
            for number, rnd in net["rounds"].items():
                group_ids = list(self.ids.take(Group, self.s.groups_per_meeting))
                groups += [(gid, rnd["meeting"], i + 1, f"Rum {i + 1}") for i, gid in enumerate(group_ids)]
                slot = 0
                for muni in net["munis"]:
                    for level in Level:
                        people = muni["people"][level]
                        for k in range(min(self.s.registrations_per_level, len(people))):
                            user_id = people[(number * self.s.registrations_per_level + k) % len(people)]
                            attended = rnd["past"] and self.rng.random() < 0.92
                            group = group_ids[slot % len(group_ids)] if attended else None
                            slot += 1
                            regs.append((self.ids.one(Registration), rnd["meeting"], user_id, names[user_id],
                                         muni["id"], level, attended, False, group, user_id))
        self.w.insert(Group, ("id", "meeting_id", "number", "room"), groups)
        self.w.insert(Registration, ("id", "meeting_id", "user_id", "name", "municipality_id", "level", "attended",
                                     "walk_in", "group_id", "registered_by_id"), regs)

    # --- mappings -------------------------------------------------------------------------------
    def mappings(self) -> None:
        template = shipped_template(SKR_LINEAGE)
        self.template = template
        self.statements = list(Statement.objects.filter(template=template).order_by("position").values_list("id", flat=True))
        mappings, mapping_shares = [], []
        response_rows: list[tuple] = []

        def responses_and_answers(answer_ids):
            rng = self.rng
            gauss = rng.gauss
            random_ = rng.random
            statements = self.statements
            for response_id, level in response_rows:
                mean = LEVEL_PROFILE[level]
                for statement_id in statements:
                    if level == Level.LARARE and random_() < 0.05:
                        yield (next(answer_ids), response_id, statement_id, None, True, "")
                    else:
                        value = min(6, max(1, round(gauss(mean, 0.8))))
                        yield (next(answer_ids), response_id, statement_id, value, False, "")

        responses = []
        roster = []
        for muni in self.munis:
            net = muni["network"]
            people = [(uid, level) for level in Level for uid in muni["people"][level]]
            fixed = [p for p in people if p[1] != Level.LARARE]
            teachers = [p for p in people if p[1] == Level.LARARE]
            for number, rnd in net["rounds"].items():
                mapping_id = self.ids.one(Mapping)
                opens = rnd["home"]
                last = number == self.s.rounds
                closes = self.today + datetime.timedelta(days=14) if last else opens + datetime.timedelta(days=28)
                published = None if last else timezone.make_aware(
                    datetime.datetime.combine(opens + datetime.timedelta(days=30), datetime.time(12)))
                mappings.append((mapping_id, muni["id"], self.template.pk, rnd["id"],
                                 f"Styrning och ledning – omgång {number}", opens, closes, muni.get("coordinator"),
                                 3, ""))
                if published:
                    # Published to the network of its round (sharing is per network).
                    mapping_shares.append((self.ids.one(MappingShare), mapping_id, net["id"], published,
                                           muni.get("coordinator")))
                # Everyone is asked and, members since long before, counts (reviews.RosterEntry).
                since = opens - datetime.timedelta(days=365)
                roster += [(mapping_id, uid, level, since, True) for uid, level in people]
                offset = (number * 37) % max(len(teachers), 1)
                rotated = teachers[offset:] + teachers[:offset]
                chosen = (fixed + rotated)[: self.s.respondents]
                submitted = timezone.make_aware(datetime.datetime.combine(opens + datetime.timedelta(days=7),
                                                                          datetime.time(10)))
                for user_id, level in chosen:
                    response_id = self.ids.one(Response)
                    responses.append((response_id, mapping_id, user_id, level, submitted, True, ""))
                    response_rows.append((response_id, level))
        self.w.insert(Mapping, ("id", "municipality_id", "template_id", "round_id", "title", "opens_on", "closes_on",
                                "opened_by_id", "threshold", "left_out_summary"), mappings)
        self.w.insert(MappingShare, ("id", "mapping_id", "network_id", "shared_at", "shared_by_id"), mapping_shares)
        roster_ids = iter(self.ids.take(RosterEntry, len(roster)))
        self.w.insert(RosterEntry, ("id", "mapping_id", "user_id", "level", "level_since", "counts"),
                      [(next(roster_ids), *row) for row in roster])
        self.w.insert(Response, ("id", "mapping_id", "user_id", "level", "submitted_at", "counted", "left_out"),
                      responses)
        self.w.insert(Answer, ("id", "response_id", "statement_id", "value", "dont_know", "comment"),
                      # Ids are taken before the COPY starts: no query may run on the connection during it.
                      responses_and_answers(iter(self.ids.take(Answer, len(response_rows) * len(self.statements)))))

    # --- statistics -------------------------------------------------------------------------------
    def statistics(self) -> None:
        from indicators.importer import run_import

        files = sorted(p for p in SKOLVERKET_DIR.iterdir() if p.suffix in (".csv", ".xlsx"))
        if self.s.statistics_files is not None:
            files = [p for p in files if p.name in self.s.statistics_files]
        for path in files:
            run_import(path.read_bytes(), filename=path.name)

    # --- goals --------------------------------------------------------------------------------------
    def goals(self) -> None:
        indicators = list(Indicator.objects.filter(organiser_type="Samtliga").order_by("pk").values_list("pk", flat=True)[:6])
        latest = {}
        if indicators:
            for muni_id, ind, grade, year, value in (
                Measurement.objects.filter(indicator_id__in=indicators, school__isnull=True, value__isnull=False)
                .order_by("school_year").values_list("municipality_id", "indicator_id", "grade", "school_year", "value")
            ):
                latest[(muni_id, ind)] = (grade, year, value)
        goal_rows, link_rows, goal_statements, goal_shares = [], [], [], []
        start = self.round_start(1)
        target = start + datetime.timedelta(days=4 * 365)
        G = Goal.statements.through
        for muni in self.munis:
            muni["goals"] = []
            coordinator = muni.get("coordinator")
            schools = muni["schools"]

            def goal(title, level, parent, *, school=None, adopted=False, shared=False, muni=muni,
                     coordinator=coordinator):
                pk = self.ids.one(Goal)
                goal_rows.append((pk, muni["id"], title, "Matematik", level, school, parent, GoalStatus.ACTIVE, start,
                                  target, start + datetime.timedelta(days=20) if adopted else None,
                                  "§ 42" if adopted else "", coordinator, 1))
                if shared:
                    goal_shares.append((self.ids.one(GoalShare), pk, muni["network"]["id"], self.now, coordinator))
                statement = self.statements[pk % len(self.statements)]
                goal_statements.append((self.ids.one(G), pk, statement))
                muni["goals"].append(pk)
                return pk

            for b in range(2):
                board = goal(f"Fler elever når godkänt i matematik ({b + 1})", Level.NAMND, None, adopted=True,
                             shared=True)
                for position, ind in enumerate(indicators[:2]):
                    found = latest.get((muni["id"], ind))
                    if found:
                        grade, year, value = found
                        link_rows.append((self.ids.one(GoalIndicator), board, ind, grade, value, year,
                                          min(Decimal(100), value + Decimal(5 + position)), year + 3))
                for a in range(2):
                    admin = goal(f"Systematisk uppföljning per skola ({b + 1}.{a + 1})", Level.FORVALTNING, board)
                    for r in range(2):
                        school = schools[(b * 4 + a * 2 + r) % len(schools)]
                        principal = goal(f"Kollegialt lärande i matematik ({b + 1}.{a + 1}.{r + 1})", Level.REKTOR,
                                         admin, school=school)
                        goal(f"Lärarlagets mål för taluppfattning ({b + 1}.{a + 1}.{r + 1})", Level.LARARE,
                             principal, school=school)
        self.w.insert(Goal, ("id", "municipality_id", "title", "area", "level", "school_id", "parent_id", "status",
                             "starts_on", "target_on", "adopted_on", "adoption_paragraph",
                             "created_by_id", "version"), goal_rows)
        self.w.insert(GoalShare, ("id", "goal_id", "network_id", "shared_at", "shared_by_id"), goal_shares)
        self.w.insert(GoalIndicator, ("id", "goal_id", "indicator_id", "grade", "baseline_value", "baseline_year",
                                      "target_value", "target_year"), link_rows)
        self.w.insert(G, ("id", "goal_id", "statement_id"), goal_statements)

    # --- commitments ----------------------------------------------------------------------------------
    def commitments(self) -> None:
        rng = self.rng
        C_statements = Commitment.statements.through
        C_goals = Commitment.goals.through
        commitments, statements, goals, updates, feedback, shares = [], [], [], [], [], []
        levels_all = [Level.NAMND, Level.FORVALTNING, Level.REKTOR, Level.LARARE]
        for muni in self.munis:
            net = muni["network"]
            others = [m for m in net["munis"] if m["id"] != muni["id"]]
            for number, rnd in net["rounds"].items():
                last = number == self.s.rounds
                previous = number == self.s.rounds - 1
                meeting = None if last else rnd["meeting"]
                created = self.now - datetime.timedelta(days=30) if last else rnd["starts"]
                due = (rnd["starts"] + datetime.timedelta(days=110)).date()
                for k in range(self.s.commitments_per_round):
                    pk = self.ids.one(Commitment)
                    levels = [str(lv) for lv in rng.sample(levels_all, rng.randint(1, 3))]
                    owner_level = Level(levels[0])
                    owner_pool = muni["people"][owner_level] or muni["people"][Level.FORVALTNING]
                    owner = owner_pool[(number + k) % len(owner_pool)]
                    if last:
                        status, reason = CommitmentStatus.PLANNED, ""
                    elif previous:
                        status, reason = CommitmentStatus.IN_PROGRESS, ""
                    elif rng.random() < 0.85:
                        status, reason = CommitmentStatus.DONE, ""
                    else:
                        status, reason = CommitmentStatus.NOT_DONE, "Prioriterades bort när budgeten minskade."
                    title = COMMITMENT_TITLES[(k + number) % len(COMMITMENT_TITLES)]
                    commitments.append((pk, muni["id"], title, "", levels, owner, meeting, due, status, reason,
                                        muni.get("coordinator"), 1, created))
                    if meeting is not None:
                        # Made at the meeting: shared with its network.
                        shares.append((self.ids.one(CommitmentShare), pk, net["id"], rnd["starts"]))
                    statements.append((self.ids.one(C_statements), pk, self.statements[(pk + k) % len(self.statements)]))
                    goals.append((self.ids.one(C_goals), pk, muni["goals"][k % len(muni["goals"])]))
                    for u in range(self.s.updates_per_commitment):
                        done_on = (created + datetime.timedelta(days=10 + 15 * u)).date()
                        if done_on > self.today:
                            done_on = self.today
                        updates.append((self.ids.one(ProgressUpdate), pk, owner, UPDATE_TEXTS[(pk + u) % len(UPDATE_TEXTS)],
                                        done_on, rng.randint(3, 9) if u % 2 else None, created + datetime.timedelta(days=10 + 15 * u)))
                if rnd["past"] and others:
                    for f in range(self.s.feedback_per_municipality):
                        author_muni = others[(number + f) % len(others)]
                        author = author_muni["people"][Level.REKTOR][0] if author_muni["people"][Level.REKTOR] else None
                        kind = (FeedbackKind.WORKS, FeedbackKind.QUESTION, FeedbackKind.SUGGESTION)[f % 3]
                        feedback.append((self.ids.one(Feedback), rnd["meeting"], muni["id"], author, author_muni["id"],
                                         kind, FEEDBACK_TEXTS[(number + f) % len(FEEDBACK_TEXTS)]))
        self.w.insert(Commitment, ("id", "municipality_id", "title", "description", "levels", "owner_id", "meeting_id",
                                   "due_on", "status", "not_done_reason", "created_by_id",
                                   "version", "created"), commitments)
        self.w.insert(CommitmentShare, ("id", "commitment_id", "network_id", "shared_at"), shares)
        self.w.insert(C_statements, ("id", "commitment_id", "statement_id"), statements)
        self.w.insert(C_goals, ("id", "commitment_id", "goal_id"), goals)
        self.w.insert(ProgressUpdate, ("id", "commitment_id", "author_id", "text", "done_on", "confidence", "created"),
                      updates)
        self.w.insert(Feedback, ("id", "meeting_id", "municipality_id", "author_id", "author_municipality_id", "kind",
                                 "text"), feedback)

    def analyze(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
