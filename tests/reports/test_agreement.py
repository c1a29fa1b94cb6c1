"""One truth for the board: the page and the PDF of the same tenant show the same figures.

For each report kind the PDF is rendered (through the task, eager), its text read back with
pypdf, and every figure it shares with a page compared with what that page shows: the three
success factors (municipality home, network home), goal counts (the goals panel), mapping
participation (the mapping's results page), commitments kept, and the report-back (the
meeting's report-back page). Once on a constructed case with every status, once on the demo.
"""

from __future__ import annotations

import datetime
import html
import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from commitments.models import CommitmentStatus
from goals.models import GoalStatus
from municipalities.models import Level, Membership, Municipality
from networks.models import Meeting, Network, ProjectLeader, Registration
from reports import services
from reports.models import Report, ReportKind, ReportStatus
from reviews.models import Mapping

from ..commitments.factories import CommitmentFactory, FeedbackFactory, ProgressUpdateFactory, make_meeting
from ..goals.factories import GoalFactory
from ..reviews.factories import answer_all, make_mapping

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r"\d+ av \d+|uppgift saknas")


# --- Reading the two sides ------------------------------------------------------------------------

def _render(django_capture_on_commit_callbacks, *, period, **kwargs) -> str:
    """Request a report, let the (eager) task render it, and return the PDF's text, flattened."""
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = services.report_request(period_start=period[0], period_end=period[1],
                                                   requested_by=None, **kwargs)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    with report.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"(\w)[-\u2010\u00ad]\n(\w)", r"\1\2", text)  # words hyphenated at a line end
    text = re.sub(r"\n[^\n]*· [^\n]*· Sida \d+ av \d+\n?", "\n", text)  # the running foot
    return re.sub(r"\s+", " ", text)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i:text.index(end, i + len(start))]


def _page_factors(page_html: str) -> list[str]:
    """The success factors' figures in the page's order: each panel's figures, then per level."""
    return FIGURE.findall(_text(_between(page_html, 'id="success-heading"', 'id="cycle-heading"')))


def _pdf_factors(pdf: str) -> list[str]:
    return FIGURE.findall(_between(pdf, "Huvudmannens ansvar Den politiska", "Cykeln:"))


def _goal_panel(page_html: str) -> dict[str, int]:
    panel = _text(_between(page_html, 'id="goals-panel-heading"', "</section>"))
    found = {
        "adopted": re.search(r"(\d+) antag\w* av nämnden", panel),
        "not_adopted": re.search(r"(\d+) inte antag", panel),
        "proposals": re.search(r"(\d+) förslag från lärarlag", panel),
    }
    return {key: int(m.group(1)) if m else 0 for key, m in found.items()}


def _participation(page_html: str) -> list[tuple[str, int, int]]:
    """(level, answered, asked) rows of the mapping results page's participation table."""
    table = _between(page_html, "participation", "<tfoot>")  # the levels, not the total row
    return [
        (html.unescape(label), int(answered), int(asked))
        for label, answered, asked in re.findall(
            r'<th scope="row">([^<]+)</th>\s*<td class="num">(\d+).*?</td>\s*<td class="num">(\d+)</td>', table, re.S)
    ]


def _report_back(page_html: str) -> dict[str, list[int]]:
    """Per municipality on the report-back page: the count per status, in the page's order."""
    rows = {}
    for section in page_html.split('<section class="card report-back"')[1:]:
        name = _text(re.search(r"<h\d[^>]*>(.*?)</h\d>", section, re.S).group(1)).strip()
        rows[name] = [int(n) for n in re.findall(r'class="badge status status--\w+">[^<:]+: (\d+)</span>', section)]
    return rows


# --- The assertions, per report kind --------------------------------------------------------------

def _commitments_page_count(client, municipality, query: str) -> int:
    """The commitments page's count for a filter (its table caption: "N åtaganden")."""
    page = _page(client, f"/k/{municipality.slug}/ataganden/?{query}")
    found = re.search(r"<caption>(\d+) åtagande", page)
    return int(found.group(1)) if found else 0


def _pdf_commitment_counts(section: str) -> tuple[dict[str, int], int, int]:
    """A report's commitments as its counts table says them: per status, all, and overdue."""
    table = section[section.index("Åtaganden under perioden per status"):]
    table = table[:table.index(" Alla ") + 12]
    counts = {str(label): int(re.search(rf" {re.escape(str(label))} (\d+) ", table).group(1))
              for _value, label in CommitmentStatus.choices}
    overdue = re.search(r"slutdatumet har passerat\): (\d+)\.", section)
    return counts, int(re.search(r" Alla (\d+)", table).group(1)), int(overdue.group(1)) if overdue else 0


def _network_parts(pdf: str, network) -> dict[str, str]:
    """The network report's part per member municipality, by name, in the report's order."""
    names = list(Municipality.objects.filter(network_memberships__network=network).order_by("name")
                 .values_list("name", flat=True))
    starts = [pdf.index(f"{name} Delade operativa mål") for name in names]
    return {name: pdf[i:j] for name, i, j in zip(names, starts, [*starts[1:], len(pdf)], strict=True)}


def assert_commitments_agree(*, client, municipality, pdf: str, section: str | None = None) -> None:
    """The report's count per status (and overdue) is the commitments page's, filter by filter.

    The page shows every commitment; the constructed cases keep them all inside the period (and,
    for a network report's ``section``, all shared with the network)."""
    if section is None:
        section = _between(pdf, "Åtaganden under perioden per status", "Återkoppling från nätverket")
    counts, all_, overdue = _pdf_commitment_counts(section)
    page = {str(label): _commitments_page_count(client, municipality, f"status={value}")
            for value, label in CommitmentStatus.choices}
    assert counts == page
    assert all_ == sum(page.values()) == sum(counts.values())
    assert overdue == _commitments_page_count(client, municipality, "forsenade=1")


def assert_municipality_report_agrees(*, client, municipality, pdf: str) -> None:
    home = _page(client, f"/k/{municipality.slug}/")
    assert _page_factors(home), "the home page shows the success factors"
    assert _pdf_factors(pdf) == _page_factors(home)
    goals = _goal_panel(home)
    assert f"Antagna av nämnden: {goals['adopted']}. Inte antagna ännu: {goals['not_adopted']}." in pdf
    if goals["proposals"]:
        assert f"Dessutom finns {goals['proposals']} förslag" in pdf
    with scopes_disabled():  # the board's "latest mapping": the newest one that has closed
        mapping = (Mapping.objects.filter(municipality=municipality)
                   .filter(Q(closed_at__isnull=False) | Q(closes_on__lt=timezone.localdate()))
                   .order_by("-closes_on", "-pk").first())
    if mapping is not None:
        rows = _participation(_page(client, f"/k/{municipality.slug}/kartlaggning/{mapping.pk}/resultat/"))
        assert rows
        answered, asked = sum(r[1] for r in rows), sum(r[2] for r in rows)
        assert f"”{mapping.title}”, besvarades av {answered} av {asked} personer" in pdf
        for label, level_answered, level_asked in rows:
            assert f"{label} {level_answered} {level_asked} " in pdf, label
    # Modellen 2.0's chapter: each dimension's tool status and answer as the quality start page says it.
    quality = _page(client, f"/k/{municipality.slug}/kvalitetsarbete/")
    facts = re.findall(r"<dt>(Verktygets läge|Senaste självskattning)</dt><dd>(.*?)</dd>", quality, flags=re.S)
    assert len(facts) == 16, "eight dimensions, each with a status and an answer"
    chapter = pdf[pdf.index("Modellen 2.0: de åtta dimensionerna För varje"):]
    for _label, fact in facts:
        text = re.sub(r"^(I gång|Att göra) ", "", _text(fact).strip())
        assert text in chapter, text


def assert_network_report_agrees(*, client, network, pdf: str, period_holds_all: bool = False) -> None:
    """``period_holds_all``: every commitment the network sees lies in the report's period, so the
    counts per status add up to the network home's "Hållna åtaganden" too."""
    home = _page(client, f"/n/{network.slug}/")
    page = _page_factors(home)
    assert page, "the network home shows the success factors"
    assert _pdf_factors(pdf) == page
    # Each municipality's "kept" follows the same rule and adds up to the network's.
    kept_network = next(m for m in re.finditer(r"Hållna åtaganden (\d+) av (\d+)", _text(home)))
    kept, settled = int(kept_network.group(1)), int(kept_network.group(2))
    parts = re.findall(r"Hållna åtaganden: (\d+) av (\d+)", pdf)
    assert len(parts) == Municipality.objects.filter(network_memberships__network=network).count()
    assert sum(int(p) for p, _w in parts) == kept
    assert sum(int(w) for _p, w in parts) == settled
    # Each municipality's commitments counted per status: the counts add up, and over a period
    # that holds them all, the done ones are the home's kept and the settled ones its whole.
    done = settled_in_pdf = 0
    for name, part in _network_parts(pdf, network).items():
        if "Inga åtaganden som nätverket ser gäller perioden." in part:
            continue
        counts, all_, overdue = _pdf_commitment_counts(part)
        assert sum(counts.values()) == all_, name
        done += counts[str(CommitmentStatus.DONE.label)]
        settled_in_pdf += counts[str(CommitmentStatus.DONE.label)] + counts[str(CommitmentStatus.NOT_DONE.label)] + overdue
    if period_holds_all:
        assert (done, settled_in_pdf) == (kept, settled)


def assert_meeting_report_agrees(*, client, network, meeting, pdf: str) -> None:
    page = _report_back(_page(client, f"/n/{network.slug}/traffar/{meeting.pk}/redovisning/"))
    assert page
    for name, counts in page.items():
        assert f"{name} {sum(counts)} {' '.join(str(n) for n in counts)} " in pdf, name


# --- A constructed case with every status ---------------------------------------------------------

@pytest.fixture
def every_status(world):
    now = timezone.now()
    today = timezone.localdate()
    held = make_meeting(network=world.network, number=1, starts=now - datetime.timedelta(days=60))
    latest = make_meeting(network=world.network, number=2, starts=now - datetime.timedelta(days=5))
    make_meeting(network=world.network, number=3, starts=now + datetime.timedelta(days=50))
    for meeting, persona, level in ((held, "namnd", Level.NAMND), (held, "larare", Level.LARARE),
                                    (latest, "larare", Level.LARARE), (latest, "rektor", Level.REKTOR)):
        Registration.objects.create(meeting=meeting, user=world.user(persona), name=persona,
                                    municipality=world.a, level=level, attended=True)
    # Goals down the cascade: adopted, not adopted, a school's, a proposal; one shared.
    board = GoalFactory(municipality=world.a, title="Nämndens mål", level=Level.NAMND,
                        adopted_on=datetime.date(2025, 9, 1), adoption_paragraph="§ 12", shared_with=[world.network])
    admin = GoalFactory(municipality=world.a, title="Förvaltningens mål", level=Level.FORVALTNING, parent=board)
    GoalFactory(municipality=world.a, title="Skolans mål", level=Level.REKTOR, parent=admin, school=world.school_a1)
    GoalFactory(municipality=world.a, title="Lärarlagets förslag", level=Level.LARARE, status=GoalStatus.PROPOSED,
                school=world.school_a1)
    # Commitments in every status, made at a meeting (shared) or at home (shown once presented).
    done = CommitmentFactory(municipality=world.a, title="Gjort", status=CommitmentStatus.DONE, meeting=held,
                             shared_with=[world.network], due_on=today - datetime.timedelta(days=20))
    ProgressUpdateFactory(commitment=done, text="Klart i tid.")
    CommitmentFactory(municipality=world.a, title="Inte gjort", status=CommitmentStatus.NOT_DONE, meeting=held,
                      shared_with=[world.network], not_done_reason="Tiden räckte inte",
                      due_on=today - datetime.timedelta(days=10))
    CommitmentFactory(municipality=world.a, title="Försenat", status=CommitmentStatus.PLANNED,
                      due_on=today - datetime.timedelta(days=1))
    CommitmentFactory(municipality=world.a, title="Pågår", status=CommitmentStatus.IN_PROGRESS,
                      due_on=today + datetime.timedelta(days=20))
    home_made = CommitmentFactory(municipality=world.a, title="Hemma", status=CommitmentStatus.DONE,
                                  due_on=today - datetime.timedelta(days=2))
    type(home_made).objects.filter(pk=home_made.pk).update(created=now - datetime.timedelta(days=30))
    CommitmentFactory(municipality=world.b, title="Bstads", status=CommitmentStatus.DONE, meeting=latest,
                      shared_with=[world.network], due_on=today - datetime.timedelta(days=1))
    FeedbackFactory(municipality=world.a, meeting=latest, author_municipality=world.b)
    # A closed mapping with answers from three levels, published to the network.
    mapping = make_mapping(world.a, open_=False, published=[world.network], title="Hösten")
    for persona, level, value in (("namnd", Level.NAMND, 2), ("forvaltning", Level.FORVALTNING, 3),
                                  ("coordinator", Level.FORVALTNING, 4), ("larare", Level.LARARE, 1)):
        answer_all(mapping, world.user(persona), level, value)
    return {"held": held, "latest": latest}


PERIOD = (timezone.localdate() - datetime.timedelta(days=200), timezone.localdate())


def test_municipality_report_shows_the_figures_of_the_municipality_pages(
    world, every_status, client_for, django_capture_on_commit_callbacks
):
    pdf = _render(django_capture_on_commit_callbacks, period=PERIOD, kind=ReportKind.MUNICIPALITY,
                  municipality=world.a)
    assert_municipality_report_agrees(client=client_for("namnd"), municipality=world.a, pdf=pdf)
    assert_commitments_agree(client=client_for("namnd"), municipality=world.a, pdf=pdf)
    # Kept = done of the settled ones (done, not done, past due): 2 of 4, as the page says.
    assert "Hållna åtaganden: 2 av 4 (50 %)" in pdf
    # A short period lists every commitment.
    for title in ("Gjort", "Inte gjort", "Försenat", "Pågår", "Hemma"):
        assert f" {title} " in _between(pdf, "Åtaganden under perioden, med status", "Återkoppling"), title
    assert "listas inte" not in pdf


def test_municipality_report_over_a_long_period_counts_everything_and_lists_the_open_and_recent(
    world, client_for, django_capture_on_commit_callbacks
):
    """A board paper shows the counts per status and lists the open commitments and those settled
    in the last half year, and the last half year's feedback; it says how many are not listed and
    where they are, and the counts still agree with the page."""
    from commitments.selectors import LIST_IN_FULL_UP_TO, RECENT

    today = timezone.localdate()
    period = (today - datetime.timedelta(days=4 * 365), today)
    made = timezone.now() - datetime.timedelta(days=3 * 365)
    old_done = [CommitmentFactory(municipality=world.a, title=f"Gammalt {i:02}", status=CommitmentStatus.DONE,
                                  due_on=today - RECENT - datetime.timedelta(days=30 + i))
                for i in range(LIST_IN_FULL_UP_TO)]
    old_not_done = CommitmentFactory(municipality=world.a, title="Gammalt ej", status=CommitmentStatus.NOT_DONE,
                                     not_done_reason="Inga pengar", due_on=today - datetime.timedelta(days=700))
    recent = CommitmentFactory(municipality=world.a, title="Nyligen klart", status=CommitmentStatus.DONE,
                               due_on=today - datetime.timedelta(days=20))
    late = CommitmentFactory(municipality=world.a, title="Sent och öppet", status=CommitmentStatus.PLANNED,
                             due_on=today - datetime.timedelta(days=400))
    going = CommitmentFactory(municipality=world.a, title="Pågår nu", status=CommitmentStatus.IN_PROGRESS,
                              due_on=today + datetime.timedelta(days=40))
    everything = [*old_done, old_not_done, recent, late, going]
    type(recent).objects.filter(pk__in=[c.pk for c in everything]).update(created=made)
    # Feedback: a long list shows the latest half year's and says how many earlier ones it leaves out.
    long_ago = make_meeting(network=world.network, number=1, starts=timezone.now() - datetime.timedelta(days=700))
    lately = make_meeting(network=world.network, number=2, starts=timezone.now() - datetime.timedelta(days=20))
    for i in range(LIST_IN_FULL_UP_TO):
        FeedbackFactory(municipality=world.a, meeting=long_ago, author_municipality=world.b, text=f"Tidigt råd {i:02}")
    FeedbackFactory(municipality=world.a, meeting=lately, author_municipality=world.b, text="Färskt råd")

    pdf = _render(django_capture_on_commit_callbacks, period=period, kind=ReportKind.MUNICIPALITY,
                  municipality=world.a)
    assert_commitments_agree(client=client_for("namnd"), municipality=world.a, pdf=pdf)
    assert f"Under perioden är {len(everything)} åtaganden aktuella" in pdf
    not_listed = len(old_done) + 1
    assert f"{not_listed} åtaganden som avslutades med slutdatum före" in pdf
    assert "Hela listan finns på sidan Åtaganden i Skolnätverk." in pdf
    listed = _between(pdf, "Planerade och pågående åtaganden", "Återkoppling från nätverket")
    for c in (recent, late, going):
        assert f" {c.title} " in listed, c.title
    for c in (*old_done, old_not_done):
        assert c.title not in pdf, c.title
    assert f"Kommunen fick {LIST_IN_FULL_UP_TO + 1} återkopplingar från nätverket under perioden." in pdf
    assert f"{LIST_IN_FULL_UP_TO} tidigare återkopplingar under perioden listas inte" in pdf
    assert "Färskt råd" in pdf and "Tidigt råd" not in pdf


def test_municipality_report_lists_goals_down_the_cascade_without_proposals(
    world, every_status, django_capture_on_commit_callbacks
):
    pdf = _render(django_capture_on_commit_callbacks, period=PERIOD, kind=ReportKind.MUNICIPALITY,
                  municipality=world.a)
    goals = pdf[pdf.rindex("Operativa mål"):]
    positions = [goals.index(title) for title in ("Nämndens mål", "Förvaltningens mål", "Skolans mål")]
    assert positions == sorted(positions)
    assert "Lärarlagets förslag" not in goals.split("Kartläggning")[0]


def test_network_report_shows_the_figures_of_the_network_home(
    world, every_status, client_for, django_capture_on_commit_callbacks
):
    pdf = _render(django_capture_on_commit_callbacks, period=PERIOD, kind=ReportKind.NETWORK, network=world.network)
    assert_network_report_agrees(client=client_for("leader"), network=world.network, pdf=pdf, period_holds_all=True)
    # The home-made commitment was presented at the latest meeting: the network sees it.
    assert "Hemma" in pdf
    # A short period lists every commitment the network sees.
    listed = _network_parts(pdf, world.network)[world.a.name]
    for title in ("Gjort", "Inte gjort", "Hemma"):
        assert f" {title} " in listed, title
    assert "listas inte" not in pdf


def test_network_report_over_a_long_period_counts_everything_and_lists_the_open_and_recent(
    world, client_for, django_capture_on_commit_callbacks
):
    """As the progress report: per municipality the counts per status, then the open commitments
    and those settled in the last half year, with how many are not listed and where they are."""
    from commitments.selectors import LIST_IN_FULL_UP_TO, RECENT

    today = timezone.localdate()
    period = (today - datetime.timedelta(days=4 * 365), today)
    held = make_meeting(network=world.network, number=1, starts=timezone.now() - datetime.timedelta(days=3 * 365))
    make_meeting(network=world.network, number=2, starts=timezone.now() - datetime.timedelta(days=10))

    def made_at_the_meeting(title, status, due_on, **extra):
        return CommitmentFactory(municipality=world.a, title=title, status=status, due_on=due_on, meeting=held,
                                 shared_with=[world.network], **extra)

    old_done = [made_at_the_meeting(f"Gammalt {i:02}", CommitmentStatus.DONE,
                                    today - RECENT - datetime.timedelta(days=30 + i))
                for i in range(LIST_IN_FULL_UP_TO)]
    old_not_done = made_at_the_meeting("Gammalt ej", CommitmentStatus.NOT_DONE, today - datetime.timedelta(days=700),
                                       not_done_reason="Inga pengar")
    recent = made_at_the_meeting("Nyligen klart", CommitmentStatus.DONE, today - datetime.timedelta(days=20))
    late = made_at_the_meeting("Sent och öppet", CommitmentStatus.PLANNED, today - datetime.timedelta(days=400))
    going = made_at_the_meeting("Pågår nu", CommitmentStatus.IN_PROGRESS, today + datetime.timedelta(days=40))
    everything = [*old_done, old_not_done, recent, late, going]
    type(recent).objects.filter(pk__in=[c.pk for c in everything]).update(
        created=timezone.now() - datetime.timedelta(days=3 * 365))

    pdf = _render(django_capture_on_commit_callbacks, period=period, kind=ReportKind.NETWORK, network=world.network)
    assert_network_report_agrees(client=client_for("leader"), network=world.network, pdf=pdf, period_holds_all=True)
    part = _network_parts(pdf, world.network)[world.a.name]
    # The network sees every one of Alby's commitments: its counts are the commitments page's.
    assert_commitments_agree(client=client_for("namnd"), municipality=world.a, pdf=pdf, section=part)
    assert f" Alla {len(everything)} " in part
    assert f"{len(old_done) + 1} åtaganden som avslutades med slutdatum före" in part
    assert "De finns på redovisningssidorna för nätverkets träffar i Skolnätverk." in part
    for c in (recent, late, going):
        assert f" {c.title} " in part, c.title
    for c in (*old_done, old_not_done):
        assert c.title not in pdf, c.title
    assert "Inga åtaganden som nätverket ser gäller perioden." in _network_parts(pdf, world.network)[world.b.name]


def test_meeting_summary_shows_the_report_back_page_and_names_its_meeting(
    world, every_status, client_for, django_capture_on_commit_callbacks
):
    latest = every_status["latest"]
    pdf = _render(django_capture_on_commit_callbacks, period=PERIOD, kind=ReportKind.MEETING,
                  network=world.network, round=latest.round)
    assert_meeting_report_agrees(client=client_for("leader"), network=world.network, meeting=latest, pdf=pdf)
    report = Report.objects.get(kind=ReportKind.MEETING)
    day = timezone.localdate(latest.starts)
    assert (report.period_start, report.period_end) == (day, day)
    assert report.download_name == f"natverkstraff-2-natverk-norr-{day:%Y%m%d}.pdf"
    assert "Sammanfattning av nätverksträff 2" in report.title
    assert "Nätverksträff omgång 2, " in pdf and "Period" not in pdf


# --- The demo -------------------------------------------------------------------------------------

def test_demo_pages_and_pdfs_agree_for_every_report_kind(client, django_capture_on_commit_callbacks):
    call_command("seed_demo", only="municipalities,indicators,goals,reviews,networks,commitments", stdout=StringIO())
    with scopes_disabled():
        fagersta = Municipality.objects.get(slug="fagersta")
        # Fagersta is in two demo networks; each network's reports are checked on their own.
        networks = list(Network.objects.filter(memberships__municipality=fagersta).order_by("pk"))
        politician = Membership.objects.filter(municipality=fagersta, level=Level.NAMND).first().user
    assert len(networks) == 2
    period = (datetime.date(PERIOD[1].year - 1, 7, 1), PERIOD[1])

    with scopes_disabled():
        pdf = _render(django_capture_on_commit_callbacks, period=period, kind=ReportKind.MUNICIPALITY,
                      municipality=fagersta)
    client.force_login(politician)
    assert_municipality_report_agrees(client=client, municipality=fagersta, pdf=pdf)

    meetings_checked = 0
    for network in networks:
        with scopes_disabled():
            leader = ProjectLeader.objects.filter(network=network).first().user
            meeting = Meeting.objects.filter(round__network=network, starts__lt=timezone.now()).order_by("-starts").first()
            pdf = _render(django_capture_on_commit_callbacks, period=period, kind=ReportKind.NETWORK, network=network)
            meeting_pdf = meeting and _render(django_capture_on_commit_callbacks, period=period,
                                              kind=ReportKind.MEETING, network=network, round=meeting.round)
        client.force_login(leader)
        assert_network_report_agrees(client=client, network=network, pdf=pdf)
        if meeting:
            assert_meeting_report_agrees(client=client, network=network, meeting=meeting, pdf=meeting_pdf)
            meetings_checked += 1
    assert meetings_checked >= 1  # the main network's demo has held meetings
