"""The meeting page's hub (``meeting_hub``): byte for byte what its template gave (issue 18)."""

import itertools
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from networks.selectors import MeetingTool

# The template the tag replaced, word for word (the tools and the agenda of the meeting page).
OLD = """{% load i18n %}<nav class="card meeting-hub" aria-labelledby="hub-heading">
  <h2 id="hub-heading">{% translate "Under träffen" %}</h2>
  <ul class="meeting-hub__list">
    {% for tool in tools %}<li><a class="button button--secondary" href="{{ tool.url }}">{{ tool.label }}</a></li>{% endfor %}
    {% if can_plan %}<li><a class="button button--secondary" href="{% url 'networks:meeting_plan' network=network.slug round_id=meeting.round.pk %}">{% translate "Ändra träffen" %}</a></li>{% endif %}
  </ul>
</nav>

{% if agenda %}
<section class="card" aria-labelledby="agenda-heading">
  <h2 id="agenda-heading">{% translate "Dagordning" %}</h2>
  <ol class="agenda">{% for item, tool in agenda %}<li>{% if tool %}<a href="{{ tool.url }}">{{ item }}</a>{% else %}{{ item }}{% endif %}</li>{% endfor %}</ol>
</section>
{% endif %}"""
NEW = "{% load networks_tags %}{% meeting_hub tools agenda can_plan network.slug meeting.round.pk %}"

FEEDBACK = MeetingTool("feedback", "Återkoppling", "/n/natverk-1/traffar/4/aterkoppling/")
COMMITMENT = MeetingTool("commitment", "Nytt åtagande, Alby <kommun> & co", "/k/alby/ataganden/ny/?traff=4&x=<1>")
TOOLS = [[], [FEEDBACK], [FEEDBACK, COMMITMENT]]
AGENDAS = [[], [("Välkommen", None)], [("Presentationer <alla> & \"frågor\"", FEEDBACK), ("Fika", None),
                                       ("Åtaganden", COMMITMENT)]]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_meeting_hub_is_byte_for_byte_what_its_template_gave(language):
    with translation.override(language):
        for tools, agenda, can_plan in itertools.product(TOOLS, AGENDAS, [True, False]):
            context = {"tools": tools, "agenda": agenda, "can_plan": can_plan, "network": SimpleNamespace(slug="natverk-1"),
                       "meeting": SimpleNamespace(round=SimpleNamespace(pk=7))}
            expected = Template(OLD).render(Context(context))
            assert Template(NEW).render(Context(context)) == expected, (tools, agenda, can_plan)


def test_the_meeting_hub_escapes_labels_urls_and_agenda_items():
    context = {"tools": TOOLS[2], "agenda": AGENDAS[2], "can_plan": True, "network": SimpleNamespace(slug="natverk-1"),
               "meeting": SimpleNamespace(round=SimpleNamespace(pk=7))}
    html = Template(NEW).render(Context(context))
    assert "Nytt åtagande, Alby &lt;kommun&gt; &amp; co" in html and 'href="/k/alby/ataganden/ny/?traff=4&amp;x=&lt;1&gt;"' in html
    assert "Presentationer &lt;alla&gt; &amp; &quot;frågor&quot;" in html
