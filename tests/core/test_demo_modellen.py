"""Issue 17, point 7: Fagersta's demo shows each part-2 tool with something to see.

Classes followed for three years (a cohort that gains, one that loses), lesson visits over two
terms with a development area improving, two principals' time logs (one freeing time, one not),
a competence analysis and Visa & berätta coverage; the report's Modellen 2.0 chapter shows the
evidence. Read through the tools' own selectors and pages, as the demo's logins see them.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from django_scopes import scopes_disabled

from accounts.models import User
from municipalities.models import Municipality, School

pytestmark = pytest.mark.django_db

K = "/k/fagersta/kvalitetsarbete/"


def _client(client, who):
    client.force_login(User.objects.get(email=f"{who}.fagersta@demo.skolnatverk.se"))
    return client


def test_fagersta_demo_shows_every_part_2_tool(client):
    from competence.selectors import coverage_counts, school_analysis
    from principal_time.models import FreedTime, WeekLog
    from progression.models import Result
    from progression.selectors import school_progression_summary
    from reports.content import report_html
    from reports.models import Report, ReportKind
    from reports.selectors import report_inputs
    from teaching.selectors import school_pictures, threshold_for

    call_command("seed_demo", stdout=StringIO())
    with scopes_disabled():
        fagersta = Municipality.objects.get(slug="fagersta")
        schools = list(School.objects.filter(municipality=fagersta).order_by("name"))
        assert len(schools) == 3

        # 3: classes followed for three school years; a cohort that gains, one that loses.
        years = Result.objects.filter(municipality=fagersta).values_list("school_class_id", "school_year")
        per_class = {}
        for class_id, year in years:
            per_class.setdefault(class_id, set()).add(year)
        assert max(len(y) for y in per_class.values()) >= 3
        summaries = [school_progression_summary(school=s) for s in schools]
        assert all(s.has_data for s in summaries)
        assert any(s.gaining for s in summaries) and any(s.losing for s in summaries)

        # 4: visits over two terms at least; a development area of an earlier term is no longer one.
        bratt = next(s for s in schools if s.name == "Brattbergsskolan")
        picture = school_pictures(municipality=fagersta, schools=[bratt], threshold=threshold_for(
            municipality=fagersta))[bratt.pk]
        shown_terms = [i for i, t in enumerate(picture.terms) if t.shown]
        assert len(shown_terms) >= 2
        first, last = shown_terms[0], shown_terms[-1]
        improved = [r.title for r in picture.rows
                    if r.cells[first].mean is not None and r.cells[last].mean is not None
                    and r.cells[last].mean - r.cells[first].mean >= 0.5 and r.title not in picture.development_areas]
        assert improved, "a development area that improved"

        # 7: two principals log; one has freed time and reaches the target, the other freed nothing.
        logging = set(WeekLog.objects.filter(municipality=fagersta).values_list("principal_id", flat=True))
        assert len(logging) == 2
        freeing = set(FreedTime.objects.filter(municipality=fagersta).values_list("principal_id", flat=True))
        assert len(logging & freeing) == 1

        # 8: a school's competence analysis with figures, and Visa & berätta shown and not yet.
        analysis = school_analysis(school=bratt)
        assert analysis.any_visible and any(f.is_development_area for f in analysis.figures)
        counts = [c for school in coverage_counts(municipality=fagersta) for c in school.routines]
        assert any(c.shown for c in counts) and any(c.shown < c.staff for c in counts)

        report = Report(kind=ReportKind.MUNICIPALITY, municipality=fagersta, period_end=datetime.date.today(),
                        period_start=datetime.date.today() - datetime.timedelta(days=365), title="Lägesrapport")
        with translation.override("sv"):
            html = report_html(inputs=report_inputs(report=report))
    chapter = html[html.index('<section id="modellen"'):]
    assert "Samma klasser över tid, skola för skola" in chapter
    assert "Visa &amp; berätta per rutin, hela kommunen" in chapter

    forvaltning = _client(client, "forvaltning")
    time_page = forvaltning.get(K + "tid/").content.decode()
    assert "Når målet" in time_page and "Under målet" in time_page
    assert "Täckning per skola" in forvaltning.get(K + "kompetens/visa-och-beratta/").content.decode()
    rektor = _client(client, "rektor")
    assert "Plan för bättre undervisning" in rektor.get(K + f"undervisning/skola/{bratt.pk}/").content.decode()
    assert "Skolorna sida vid sida" in rektor.get(K + "progression/").content.decode()
