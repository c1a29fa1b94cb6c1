import re

from django.urls import reverse

from municipalities.models import Level
from reviews.models import Answer, Response

from .factories import answer_all, make_mapping, members


def _url(name, mapping, **kw):
    return reverse(f"reviews:{name}", kwargs={"municipality": mapping.municipality.slug, "pk": mapping.pk, **kw})


def _answer_post(mapping, value="4", action="submit", comment=""):
    data = {"action": action}
    for st in mapping.template.statements.all():
        data[f"value_{st.pk}"] = value
        data[f"comment_{st.pk}"] = comment
    return data


def test_teacher_answers_all_on_one_page_and_submits(world, client_for):
    mapping = make_mapping(world.a)
    client = client_for("larare")
    page = client.get(_url("answer", mapping))
    assert page.status_code == 200
    assert page.content.decode().count("<fieldset") == 6
    assert "<legend>" in page.content.decode()
    response = client.post(_url("answer", mapping), _answer_post(mapping, "5"))
    assert response.status_code == 302
    saved = Response.objects.get(user=world.user("larare"))
    assert saved.submitted_at is not None and saved.level == Level.LARARE
    assert set(saved.answers.values_list("value", flat=True)) == {5}


def test_one_statement_per_screen_with_previous_and_next(world, client_for):
    mapping = make_mapping(world.a)
    client = client_for("larare")
    statements = list(mapping.template.statements.order_by("position"))
    page = client.get(_url("answer", mapping) + "?steg=1")
    assert page.content.decode().count("<fieldset") == 1
    assert "Påstående 1 av 6" in page.content.decode()
    response = client.post(
        _url("answer", mapping) + "?steg=1", {"action": "next", f"value_{statements[0].pk}": "vet-inte"}
    )
    assert response["Location"].endswith("?steg=2")
    assert Answer.objects.get().dont_know
    # A phone's browser starts on step 1 without asking.
    phone = client.get(_url("answer", mapping), HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile Safari")
    assert phone.status_code == 302 and phone["Location"].endswith("?steg=1")


def test_out_of_scale_value_is_shown_next_to_the_field(world, client_for):
    mapping = make_mapping(world.a)
    data = _answer_post(mapping, "4")
    first = mapping.template.statements.order_by("position").first()
    data[f"value_{first.pk}"] = "9"
    page = client_for("larare").post(_url("answer", mapping), data)
    assert page.status_code == 200
    assert "Välj ett av alternativen på skalan." in page.content.decode()
    assert not Answer.objects.exists()


def test_a_100000_character_comment_gets_a_clear_message(world, client_for):
    mapping = make_mapping(world.a)
    page = client_for("larare").post(_url("answer", mapping), _answer_post(mapping, "4", comment="x" * 100_000))
    assert page.status_code == 200
    assert "Kommentaren får vara högst 2000 tecken" in page.content.decode()
    assert not Answer.objects.exists()


def test_posting_to_a_closed_mapping_changes_nothing(world, client_for):
    mapping = make_mapping(world.a, open_=False)
    answer_all(mapping, world.user("larare"), Level.LARARE, 2)
    response = client_for("larare").post(_url("answer", mapping), _answer_post(mapping, "6"), follow=True)
    assert "Kartläggningen är stängd" in response.content.decode()
    assert set(Answer.objects.values_list("value", flat=True)) == {2}


def test_nobody_sees_another_persons_answers(world, client_for):
    mapping = make_mapping(world.a)
    answer_all(mapping, world.user("larare"), Level.LARARE, 2, comment="Lärarens hemliga kommentar", submitted=False)
    for persona in ("coordinator", "namnd", "rektor", "forvaltning"):
        for name in ("answer", "detail", "results"):
            page = client_for(persona).get(_url(name, mapping))
            assert "hemliga" not in page.content.decode(), (persona, name)
    # The teacher sees her own draft.
    assert "Lärarens hemliga kommentar" in client_for("larare").get(_url("answer", mapping)).content.decode()


def test_no_url_takes_a_person():
    from reviews.urls import urlpatterns

    for pattern in urlpatterns:
        assert not re.search(r"user|person|response|svar_id", str(pattern.pattern)), pattern


def test_results_respect_the_threshold_and_hide_comments_of_small_levels(world, client_for):
    mapping = make_mapping(world.a, open_=False, threshold=3)  # a shown group holds 4
    for user in members(world.a, Level.LARARE, 5):
        answer_all(mapping, user, Level.LARARE, 2, comment="Vi hör sällan något tillbaka.")
    for user in members(world.a, Level.REKTOR, 4):
        answer_all(mapping, user, Level.REKTOR, 4)
    answer_all(mapping, world.user("namnd"), Level.NAMND, 6, comment="Politikerns kommentar")
    html = client_for("namnd").get(_url("results", mapping)).content.decode()
    assert "för få svar" in html
    assert "Politikerns kommentar" not in html
    assert "Vi hör sällan något tillbaka." in html
    # One politician hidden: the smallest shown level (rektor, 4) is hidden too, so that the
    # total (10 answers) minus the shown levels covers 5 people, not one.
    assert "dold" in html
    assert "n=10" in html
    assert "6,0" not in html


def test_results_wait_until_the_mapping_is_closed(world, client_for):
    mapping = make_mapping(world.a)
    for user in members(world.a, Level.LARARE, 3):
        answer_all(mapping, user, Level.LARARE, 3)
    html = client_for("namnd").get(_url("results", mapping)).content.decode()
    assert "Resultatet visas när kartläggningen har stängt" in html
    assert "heatmap" not in html


def test_gaps_listed_largest_first(world, client_for):
    mapping = make_mapping(world.a, open_=False, threshold=3)
    values = [5, 5, 5, 5, 5, 5]
    for user in members(world.a, Level.NAMND, 4):
        answer_all(mapping, user, Level.NAMND, values=values)
    for user in members(world.a, Level.LARARE, 4):
        answer_all(mapping, user, Level.LARARE, values=[4, 4, 4, 4, 2, 4])
    html = client_for("namnd").get(_url("results", mapping)).content.decode()
    first_gap = html.split('<ol class="gaps">')[1].split("</li>")[0]
    assert "Rutiner för uppföljning" in first_gap
    assert "Nämnd (politiker) skattar 5,0, Lärare 2,0" in first_gap


def test_change_since_previous_mapping(world, client_for):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    earlier = make_mapping(
        world.a, open_=False, opens_on=today - datetime.timedelta(days=400), closes_on=today - datetime.timedelta(days=380),
        threshold=3,
    )
    later = make_mapping(world.a, open_=False, threshold=3)
    people = members(world.a, Level.LARARE, 4)
    for user in people:
        answer_all(earlier, user, Level.LARARE, 2)
        answer_all(later, user, Level.LARARE, 4)
    html = client_for("namnd").get(_url("results", later)).content.decode()
    assert "Förändring" in html and "+2,0" in html


def test_results_query_count_does_not_grow_with_answers(world, client_for, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TENANT_CACHE_SECONDS = 0  # both requests do the whole work (access.cache keeps none)
    mapping = make_mapping(world.a, open_=False)
    client = client_for("namnd")

    def add(people):
        for level in (Level.NAMND, Level.REKTOR, Level.LARARE):
            for user in members(world.a, level, people):
                answer_all(mapping, user, level, 3, comment="En kommentar")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("results", mapping)).status_code == 200
        return len(ctx.captured_queries)

    add(3)
    client.get(_url("results", mapping))  # the first request also loads the session
    small = count()
    add(27)
    large = count()
    assert small == large, (small, large)
    assert small <= 25


def test_participation_on_mapping_page_and_home(world, client_for):
    mapping = make_mapping(world.a)
    answer_all(mapping, world.user("larare"), Level.LARARE, 3)
    for url in (_url("detail", mapping), reverse("municipalities:home", kwargs={"municipality": "alby"})):
        html = client_for("coordinator").get(url).content.decode()
        assert "Delaktighet: inskickade svar per nivå" in html
        assert "inga svar" in html  # the three levels without answers are flagged
        row = html.split("Lärare</th>")[1].split("</tr>")[0]
        # "1 (100 %)" stays on one line on a phone (issue 15).
        assert ">1&nbsp;<span class=\"muted nowrap\">(100&nbsp;%)</span>" in row and ">1</td>" in row


def test_start_page_lists_the_open_mapping_until_submitted(world, client_for):
    mapping = make_mapping(world.a, title="Vårens kartläggning")
    client = client_for("larare")
    assert "Vårens kartläggning" in client.get(reverse("core:start")).content.decode()
    client.post(_url("answer", mapping), _answer_post(mapping, "3"))
    assert "Vårens kartläggning" not in client.get(reverse("core:start")).content.decode()
    assert "Vårens kartläggning" not in client_for("peer").get(reverse("core:start")).content.decode()


def test_start_page_keeps_the_mapping_of_a_draft_once_others_have_submitted(world, client_for):
    mapping = make_mapping(world.a, title="Vårens kartläggning")
    answer_all(mapping, world.user("larare"), Level.LARARE, 3, submitted=False)  # the teacher's own draft
    answer_all(mapping, world.user("rektor"), Level.REKTOR, 3)  # someone else has submitted
    assert "Vårens kartläggning" in client_for("larare").get(reverse("core:start")).content.decode()
    assert "Vårens kartläggning" not in client_for("rektor").get(reverse("core:start")).content.decode()


def test_coordinator_opens_a_mapping(world, client_for):
    import datetime

    from django.utils import timezone

    from .factories import skr_template

    today = timezone.localdate()
    response = client_for("coordinator").post(
        reverse("reviews:open", kwargs={"municipality": "alby"}),
        {"template": skr_template().pk, "title": "Hösten", "opens_on": today.isoformat(),
         "closes_on": (today - datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    assert "Sista dag" in response.content.decode()


def test_network_sees_published_results_side_by_side_only(world, client_for):
    a_pub = make_mapping(world.a, open_=False, published=True, threshold=3)
    b_unpub = make_mapping(world.b, open_=False, title="B opublicerad", threshold=3)
    for m, mun in ((a_pub, world.a), (b_unpub, world.b)):
        for user in members(mun, Level.LARARE, 4):
            answer_all(m, user, Level.LARARE, 3)
    html = client_for("leader").get(reverse("reviews:network_results", kwargs={"network": "natverk-norr"})).content.decode()
    assert "Alby kommun" in html and "3,0" in html
    assert "Bstads kommun" not in html and "B opublicerad" not in html


def test_modellen_results_count_each_answer_per_level(world, client_for):
    from .factories import modellen_template

    mapping = make_mapping(world.a, template=modellen_template(), open_=False, threshold=3)
    teachers = members(world.a, Level.LARARE, 4)
    answer_all(mapping, teachers[0], Level.LARARE, 1, comment="Vi har en årsklocka.")
    for teacher in teachers[1:]:
        answer_all(mapping, teacher, Level.LARARE, 2)
    html = client_for("rektor").get(_url("results", mapping)).content.decode()
    assert "Antal per nivå som bockade för respektive svar" in html
    assert "Anteckningar från diskussionerna" in html and "Vi har en årsklocka." in html
    first_dimension = html.split("Din skola på vetenskaplig grund")[1].split("</tbody>")[0]
    rows = first_dimension.split("</tr>")
    assert "Här har vi full koll" in rows[0] and rows[0].count(">1</td>") == 2  # lärare and total
    assert "Ett utvecklingsområde för oss" in rows[1] and rows[1].count(">3</td>") == 2


def test_leader_copies_and_edits_a_template_in_the_browser_forms(world, client_for):
    from reviews.models import Template

    from .factories import skr_template

    client = client_for("leader")
    response = client.post(
        reverse("reviews:template_copy", kwargs={"network": "natverk-norr", "pk": skr_template().pk})
    )
    copy = Template.objects.get(network=world.network)
    assert response["Location"].endswith(f"/mallar/{copy.pk}/")
    make_mapping(world.a, template=copy)  # now in use
    page = client.get(response["Location"])
    assert "blir de en ny version" in page.content.decode()
    data = {"name": "Norrs mall", "description": "", "new_text": "Eleverna vet vad som förväntas.", "new_prompt": ""}
    for step in copy.scale_steps.all():
        data[f"scale_{step.value}"] = step.label
    for st in copy.statements.all():
        data[f"text_{st.pk}"] = st.text
        data[f"prompt_{st.pk}"] = ""
    response = client.post(reverse("reviews:template_edit", kwargs={"network": "natverk-norr", "pk": copy.pk}), data)
    assert response.status_code == 302
    new = Template.objects.get(network=world.network, superseded_at__isnull=True)
    assert new.version == 2 and new.statements.count() == 7
    assert copy.statements.count() == 6
