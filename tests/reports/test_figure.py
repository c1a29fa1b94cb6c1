"""The cycle figure: valid SVG, text alternative, one box per phase, the marks, escaping, storage."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django_scopes import scopes_disabled

from reports.figure import FigureInputs, Position, RoundMark, draw_cycle_figure, position_now
from reports.models import CycleFigure

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date
ROUNDS = (
    RoundMark(1, D(2025, 8, 25), D(2025, 10, 2), commitments_made=5, commitments_kept=4),
    RoundMark(2, D(2025, 10, 6), D(2025, 12, 4)),
    RoundMark(3, D(2026, 1, 12)),
)


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own drawing, parsed to check it)


def _groups(root, cls):
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == cls]


def test_valid_svg_with_title_desc_and_one_box_per_phase():
    inputs = FigureInputs(subject="Alby", agreed_rounds=4, rounds=ROUNDS,
                          positions=(Position("Alby", 2, "home"),))
    root = _parse(draw_cycle_figure(inputs))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert "Alby" in title.text
    assert "Omgång 1: hemmafasen börjar 25 augusti 2025" not in desc.text  # short dates in the text too
    assert "Omgång 4 är inte planerad ännu." in desc.text
    assert "5 åtaganden varav 4 genomförda" in desc.text
    assert "Alby är nu i hemmafasen i omgång 2." in desc.text
    assert len(_groups(root, "cf-home")) == 4 and len(_groups(root, "cf-meeting")) == 4
    assert len(_groups(root, "cf-factor")) == 3
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for word in ("Huvudmannens ansvar", "Säkerställa delaktighet", "Uthållighet", "Styrning", "och ledning",
                 "Nämnd", "Förvaltning", "Rektorer", "Lärare", "Här är ni", "5 åt. / 4 klara"):
        assert word in texts, word


def test_you_are_here_mark_sits_on_the_current_box():
    inputs = FigureInputs(subject="Alby", agreed_rounds=3, rounds=ROUNDS, positions=(Position("Alby", 1, "meeting"),))
    root = _parse(draw_cycle_figure(inputs))
    assert len(_groups(root, "cf-you-are-here")) == 1
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "cf-current"]) == 1


def test_network_figure_marks_each_municipality_with_a_legend():
    positions = tuple(Position(f"Kommun {i}", 2, "home") for i in range(1, 7))
    inputs = FigureInputs(subject="Nätverk", agreed_rounds=4, rounds=ROUNDS, positions=positions, is_network=True)
    root = _parse(draw_cycle_figure(inputs))
    assert len(_groups(root, "cf-you-are-here")) == 6
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Kommun 6" in texts


def test_without_commitment_figures_the_label_leaves_them_out():
    inputs = FigureInputs(subject="Alby", agreed_rounds=2, rounds=(RoundMark(1, D(2025, 8, 25), D(2025, 10, 2)),))
    svg = draw_cycle_figure(inputs)
    assert "åt." not in svg and "åtagande" not in svg


def test_text_is_escaped_and_long_names_are_shortened_in_the_drawing():
    name = "<script>alert(1)</script>" + "x" * 480
    inputs = FigureInputs(subject=name, agreed_rounds=2, rounds=ROUNDS[:1], positions=(Position(name, 1, "home"),),
                          is_network=True)
    svg = draw_cycle_figure(inputs)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = _parse(svg)  # still valid XML
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("<script>")]
    assert legend and all(len(t) <= 34 for t in legend)
    assert name in root.find(f"{SVG}desc").text  # the full name is in the text alternative


def test_position_is_derived_from_dates():
    assert position_now(rounds=ROUNDS, today=D(2025, 8, 1), name="A", agreed_rounds=3).phase == "not_started"
    assert position_now(rounds=ROUNDS, today=D(2025, 11, 1), name="A", agreed_rounds=3) == Position("A", 2, "home")
    assert position_now(rounds=ROUNDS, today=D(2025, 12, 4), name="A", agreed_rounds=3) == Position("A", 2, "meeting")


def test_hash_changes_with_the_inputs():
    a = FigureInputs(subject="Alby", agreed_rounds=4, rounds=ROUNDS)
    b = FigureInputs(subject="Alby", agreed_rounds=5, rounds=ROUNDS)
    assert a.hash() == FigureInputs(subject="Alby", agreed_rounds=4, rounds=ROUNDS).hash() != b.hash()



def test_hash_is_that_of_the_inputs_as_asdict_gives_them():
    # Stored figures keep their hash: the faster payload is the one asdict() gave before (issue 18).
    import hashlib
    import json
    from dataclasses import asdict

    from reports.figure import FIGURE_VERSION

    inputs = FigureInputs(subject="Alby", agreed_rounds=4, rounds=ROUNDS, today=D(2025, 11, 1), is_network=True,
                          network_name="Norr", positions=(Position("Alby", 2, "home"), Position("Bstad", 1, "finished")))
    raw = json.dumps({"version": FIGURE_VERSION, **asdict(inputs)}, sort_keys=True, default=str, ensure_ascii=False)
    assert inputs.hash() == hashlib.sha256(raw.encode()).hexdigest()

@pytest.mark.django_db
def test_home_pages_show_the_stored_figure_and_redraw_when_inputs_change(
    world, client_for, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from networks.models import Round

    Round.objects.create(network=world.network, number=1, home_phase_starts=D(2025, 9, 1))
    with django_capture_on_commit_callbacks(execute=True):
        client_for("namnd").get("/k/alby/")  # stale (none yet): the worker is asked to draw it
    html = client_for("namnd").get("/k/alby/").content.decode()
    figure = CycleFigure.objects.get(municipality=world.a)
    assert 'class="cycle-figure"' in html and "Hemma 1" in html
    first_hash = figure.inputs_hash
    Round.objects.create(network=world.network, number=2, home_phase_starts=D(2025, 11, 1))
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("namnd").get("/k/alby/")
    figure.refresh_from_db()
    assert figure.inputs_hash != first_hash and "Hemma 2" in figure.svg and "1 nov. 2025" in figure.svg
    with django_capture_on_commit_callbacks(execute=True):
        client_for("leader").get("/n/natverk-norr/")
    html = client_for("leader").get("/n/natverk-norr/").content.decode()
    assert 'class="cycle-figure"' in html and CycleFigure.objects.filter(network=world.network).exists()


def _round_with_a_meeting(world, *, number: int, starts: datetime.date):
    from django.utils import timezone

    from networks.models import Meeting, Round

    round_ = Round.objects.create(network=world.network, number=number, home_phase_starts=starts)
    at = timezone.make_aware(datetime.datetime.combine(starts + datetime.timedelta(days=30), datetime.time(9)))
    Meeting.objects.create(round=round_, starts=at, ends=at + datetime.timedelta(hours=3))
    return round_


def _counts_commitments_per_meeting(queries) -> bool:
    """Whether the figure's inputs were counted (reports.selectors._commitments_per_meeting)."""
    return any('"commitments_commitment"."meeting_id" AS' in q["sql"] for q in queries)


@pytest.mark.django_db
def test_the_worker_notes_the_version_it_checked_and_the_home_then_counts_nothing(
    world, client_for, django_capture_on_commit_callbacks, settings
):
    """Issue 18: the page does not count the figure's inputs; the worker compares them and notes
    the tenant version the page saw. Until a write renews that version, a page with nothing kept
    shows the figure as it is, asking nothing; after a write the worker is asked again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from networks.models import Round

    settings.TENANT_CACHE_SECONDS = 0  # nothing kept: every view renders the panel (the versions still count)
    _round_with_a_meeting(world, number=1, starts=D(2025, 9, 1))
    client = client_for("namnd")

    def view():
        with django_capture_on_commit_callbacks(execute=True) as asked, CaptureQueriesContext(connection) as queries:
            html = client.get("/k/alby/").content.decode()
        return html, asked, queries.captured_queries

    _html, asked, queries = view()  # no figure yet: the worker is asked to draw it (eager, after the view)
    assert len(asked) == 1 and not _counts_commitments_per_meeting(queries)
    # The drawing renewed the municipality's version: the worker compares once more at the new one.
    _html, asked, _queries = view()
    assert len(asked) == 1
    for _ in range(2):
        html, asked, queries = view()
        assert asked == [] and "Hemma 1" in html and 'class="cycle-figure"' in html
        assert not _counts_commitments_per_meeting(queries)

    Round.objects.create(network=world.network, number=2, home_phase_starts=D(2025, 11, 1))  # a write: no cache.clear()
    _html, asked, _queries = view()
    assert len(asked) == 1  # asked again, and redrawn (eager)
    assert "Hemma 2" in view()[0]


@pytest.mark.django_db
def test_without_the_cache_the_home_compares_the_figure_itself(world, client_for, django_capture_on_commit_callbacks):
    """During a cache outage no version can be read or noted: the page counts the inputs itself."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    from config.env import redis_cache

    _round_with_a_meeting(world, number=1, starts=D(2025, 9, 1))
    client = client_for("namnd")
    down = {"default": redis_cache("redis://127.0.0.1:1/0")}  # nothing listens there
    with override_settings(CACHES=down), django_capture_on_commit_callbacks(execute=True), \
            CaptureQueriesContext(connection) as queries:
        assert client.get("/k/alby/").status_code == 200
    assert _counts_commitments_per_meeting(queries.captured_queries)
    # The outage also keeps the worker from being asked (no marker can be set): the stored one shows.
    with scopes_disabled():
        assert not CycleFigure.objects.filter(municipality=world.a).exists()


@pytest.mark.django_db
def test_with_a_worker_the_page_does_not_read_the_figure_again_after_asking(
    world, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """The task only waits in the queue when the page has asked: the row read before is the one to show."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import services

    sent = []
    monkeypatch.setattr(services, "_enqueue", lambda name, **kwargs: sent.append(name))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    CycleFigure.objects.create(municipality=world.a, svg="<svg>förra</svg>", inputs_hash="x")
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
        panel = services.cycle_figure_panel(municipality=world.a, version="tv:g=1")
    assert sent == ["reports.tasks.draw_cycle_figure_task"] and "förra" in panel.svg
    assert len([q for q in queries.captured_queries if "reports_cyclefigure" in q["sql"]]) == 1


def test_the_checked_stamp_changes_with_the_day_the_release_and_the_drawing(settings, monkeypatch):
    """A new day, a deploy or a new drawing may change the figure while no row changed."""
    from django.utils import timezone

    from reports import services

    stamp = services._checked_stamp("tv:g=1")
    assert stamp != services._checked_stamp("tv:g=2")
    settings.RELEASE = "another"
    assert stamp != services._checked_stamp("tv:g=1")
    settings.RELEASE = stamp.split("|")[0]
    monkeypatch.setattr(services, "FIGURE_VERSION", services.FIGURE_VERSION + 1)
    assert stamp != services._checked_stamp("tv:g=1")
    monkeypatch.undo()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(services.timezone, "localdate", lambda *a: tomorrow)
    assert stamp != services._checked_stamp("tv:g=1")


def test_the_figure_is_drawn_in_the_readers_language(world, client_for, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from networks.models import Round
    from reports.models import CycleFigure

    Round.objects.create(network=world.network, number=1, home_phase_starts=timezone.localdate() - datetime.timedelta(days=10))
    client = client_for("coordinator")

    def figure_text():
        with django_capture_on_commit_callbacks(execute=True):
            client.get("/k/alby/")  # a stale figure is queued for the worker (eager here)
        html = client.get("/k/alby/").content.decode()
        return html.split('<svg', 1)[-1].split("</svg>", 1)[0]

    assert "Huvudmannens ansvar" in figure_text()
    client.post("/i18n/setlang/", {"language": "en", "next": "/k/alby/"})
    english = figure_text()
    assert "The organiser" in english and "Huvudmannens ansvar" not in english
    with scopes_disabled():
        languages = set(CycleFigure.objects.filter(municipality=world.a).values_list("language", flat=True))
    assert languages == {"sv", "en"}


def test_many_rounds_make_small_boxes_that_say_the_month_and_the_share_kept():
    """Ten rounds leave no room for a full date in a box: the month, and "kept/made klara"; the
    text alternative still has every date."""
    rounds = tuple(RoundMark(n, D(2024, 1, 15) + datetime.timedelta(days=60 * n),
                             D(2024, 2, 20) + datetime.timedelta(days=60 * n), commitments_made=8, commitments_kept=7)
                   for n in range(1, 11))
    root = _parse(draw_cycle_figure(FigureInputs(subject="Alby", agreed_rounds=10, rounds=rounds)))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "7/8 klara" in texts and not any("åt." in t for t in texts)
    assert "maj 2024" in texts and "14 maj 2024" not in texts  # round 2's home phase starts 14 May 2024
    assert "hemmafasen börjar 14 maj 2024" in root.find(f"{SVG}desc").text


# --- The PDF's figure: a drawing without text, the labels as HTML text over it (issue 13) ---------

def _pdf_figure(inputs: FigureInputs) -> tuple[ET.Element, ET.Element]:
    from reports.figure import draw_cycle_figure_for_pdf

    return _parse(draw_cycle_figure_for_pdf(inputs)), _parse(draw_cycle_figure(inputs))


def _spans(frame: ET.Element) -> list[ET.Element]:
    return [e for e in frame if e.tag == "span"]


def _style(element: ET.Element) -> dict[str, str]:
    return dict(part.strip().split(": ", 1) for part in element.get("style").split(";") if part.strip())


def test_pdf_figure_draws_no_svg_text_and_says_every_label_of_the_page_figure_as_html():
    """WeasyPrint lays out SVG text letter by letter: in the PDF every label of the page's figure is
    an HTML span instead, in the same order, size, weight and colour; no SVG text is left."""
    positions = tuple(Position(f"Kommun {i}", 2, "home") for i in range(1, 4))
    inputs = FigureInputs(subject="Nätverk", agreed_rounds=4, rounds=ROUNDS, positions=positions, is_network=True)
    frame, page = _pdf_figure(inputs)
    assert not list(frame.iter(f"{SVG}text"))
    texts = list(page.iter(f"{SVG}text"))
    spans = _spans(frame)
    assert [s.text for s in spans] == [t.text for t in texts]
    for span, text in zip(spans, texts, strict=True):
        style = _style(span)
        assert style["font-weight"] == text.get("font-weight") and style["color"] == text.get("fill")
    # The drawing keeps its title and text alternative; the marks' layer has the positions as its own.
    drawing, marks = [e for e in frame if e.tag == f"{SVG}svg"]
    assert drawing.get("role") == "img" and "Nätverk" in drawing.find(f"{SVG}title").text
    assert "Kommun 3 är nu i hemmafasen i omgång 2." in drawing.find(f"{SVG}desc").text
    assert marks.find(f"{SVG}title").text.startswith("Kommun 1 är nu i hemmafasen i omgång 2.")


def test_pdf_figure_labels_sit_where_the_svg_drew_them_and_the_marks_cover_what_they_covered():
    from reports.figure import PDF_WIDTH_MM, WIDTH

    inputs = FigureInputs(subject="Alby", agreed_rounds=4, rounds=ROUNDS, positions=(Position("Alby", 2, "home"),))
    frame, page = _pdf_figure(inputs)
    mm = PDF_WIDTH_MM / WIDTH
    assert _style(frame)["width"] == f"{PDF_WIDTH_MM:.2f}mm"
    by_text = {s.text: _style(s) for s in _spans(frame)}
    for text in page.iter(f"{SVG}text"):
        style = by_text[text.text]
        left, width = float(style["left"][:-2]), float(style["width"][:-2])
        assert abs(left + width / 2 - float(text.get("x")) * mm) < 0.02  # centred on the SVG's x
        assert float(style["top"][:-2]) < float(text.get("y")) * mm  # its line starts above the baseline
        assert float(style["font-size"][:-2]) == pytest.approx(int(text.get("font-size")) * mm, abs=0.001)
    # The labels of the boxes lie under the marks' layer, the tag's own label above it.
    order = [e.text if e.tag == "span" else "marks" for e in frame if e.tag == "span" or "pdf__above" in
             (e.get("class") or "")]
    assert order.index("Hemma 2") < order.index("marks") < order.index("Här är ni")


def test_pdf_figure_of_a_tall_network_is_narrowed_to_fit_its_page_and_escapes_its_text():
    from reports.figure import PDF_MAX_HEIGHT_MM, WIDTH

    name = "<b>Kommun</b> & co"
    positions = tuple(Position(f"{name} {i}", 1, "home") for i in range(1, 13))
    inputs = FigureInputs(subject=name, agreed_rounds=3, rounds=ROUNDS, positions=positions, is_network=True)
    from reports.figure import draw_cycle_figure_for_pdf

    html = draw_cycle_figure_for_pdf(inputs)
    assert "<b>" not in html and "&lt;b&gt;Kommun&lt;/b&gt; &amp; co" in html
    frame = _parse(html)
    height = int(frame.find(f"{SVG}svg").get("viewBox").split()[-1])
    assert float(_style(frame)["width"][:-2]) == pytest.approx(PDF_MAX_HEIGHT_MM * WIDTH / height, abs=0.01)


def test_municipality_figure_without_a_position_has_no_marks_layer():
    from reports.figure import draw_cycle_figure_for_pdf

    frame = _parse(draw_cycle_figure_for_pdf(FigureInputs(subject="Alby", agreed_rounds=2, rounds=ROUNDS[:1])))
    assert len([e for e in frame if e.tag == f"{SVG}svg"]) == 1
