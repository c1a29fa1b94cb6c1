"""The meeting page's head (``meeting_head``): byte for byte what its template gave (issue 18)."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

# The template the tag replaced, word for word (the body of the page's "meeting-head" part).
OLD = """{% load i18n %}<div class="page-head">
  <h1>{% blocktranslate with n=meeting.round.number %}Nätverksträff, omgång {{ n }}{% endblocktranslate %}</h1>
  <span class="phase phase--{{ phase }}">{% if is_over %}{% translate "Genomförd" %}{% elif phase == "meeting" %}{% translate "Pågår i dag" %}{% else %}{% translate "Kommande" %}{% endif %}</span>
</div>
{% if meeting.round.title %}<p class="lead">{{ meeting.round.title }}</p>{% endif %}

<div class="grid grid--2">
  <section class="card card--meeting" aria-labelledby="when-heading">
    <h2 id="when-heading">{% translate "När och var" %}</h2>
    <dl class="facts">
      <dt>{% translate "Datum" %}</dt><dd>{{ meeting.starts|datum:"veckodag" }}</dd>
      <dt>{% translate "Tid" %}</dt><dd>{{ meeting.starts|datum:"klocka" }}–{{ meeting.ends|datum:"klocka" }}</dd>
      {% if meeting.place %}<dt>{% translate "Plats" %}</dt><dd>{{ meeting.place }}</dd>{% endif %}
      {% if meeting.video_link %}<dt>{% translate "Videolänk" %}</dt><dd><a href="{{ meeting.video_link }}">{{ meeting.video_link }}</a></dd>{% endif %}
    </dl>
    <p><a href="{% url 'networks:meeting_ical' network=network.slug meeting_id=meeting.pk %}">{% translate "Lägg till i din kalender (.ics)" %}</a></p>
  </section>

  <section class="card" aria-labelledby="registration-heading">
    <h2 id="registration-heading">{% translate "Din anmälan" %}</h2>
    {% if my_registration %}
      <p><span class="badge badge--ok">{% translate "Anmäld" %}</span>
        {% blocktranslate with municipality=my_registration.municipality.name level=my_registration.get_level_display %}Du är anmäld från {{ municipality }} som {{ level }}.{% endblocktranslate %}
        {% if my_registration.group %}{% blocktranslate with n=my_registration.group.number %}Du är i grupp {{ n }}.{% endblocktranslate %}{% if my_registration.group.room %} {% blocktranslate with room=my_registration.group.room %}Rum: {{ room }}.{% endblocktranslate %}{% endif %}{% endif %}
      </p>
    {% elif can_register and not is_over %}
      <p>{% translate "Du är inte anmäld ännu." %}</p>
    {% elif can_register %}
      <p>{% translate "Du var inte anmäld till träffen." %}</p>
    {% else %}
      <p>{% translate "Processledare anmäler sig inte; deltagarna kommer från nätverkets kommuner." %}</p>
    {% endif %}
    {% if can_register and not is_over %}<p><a class="button" href="{% url 'networks:meeting_register' network=network.slug meeting_id=meeting.pk %}">{% translate "Anmälan" %}</a></p>{% endif %}
  </section>
</div>
"""
NEW = "{% load networks_tags %}{% meeting_head meeting phase is_over my_registration can_register network.slug %}"


def _meeting(place="", video_link="", title=""):
    starts = timezone.make_aware(datetime.datetime(2026, 3, 4, 9, 30))
    return SimpleNamespace(pk=42, starts=starts, ends=starts + datetime.timedelta(hours=6, minutes=15), place=place,
                           video_link=video_link, round=SimpleNamespace(number=3, title=title))


def _registration(group=None):
    return SimpleNamespace(municipality=SimpleNamespace(name="Alby <kommun> & co"), group=group,
                           get_level_display=lambda: "Lärare <&>")


MEETINGS = [
    _meeting(),
    _meeting(place="Aulan <plan 2> & \"foajén\"", video_link="https://meet.example/a?b=1&c=<2>", title="Omgång 3: <ledning>"),
]
REGISTRATIONS = [
    None,
    _registration(),
    _registration(SimpleNamespace(number=2, room="")),
    _registration(SimpleNamespace(number=12, room="Rum <A> & B")),
]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_meeting_head_is_byte_for_byte_what_its_template_gave(language):
    cases = itertools.product(MEETINGS, ["home", "meeting", "done"], [True, False], REGISTRATIONS, [True, False])
    with translation.override(language):
        for meeting, phase, is_over, registration, can_register in cases:
            context = {"meeting": meeting, "phase": phase, "is_over": is_over, "my_registration": registration,
                       "can_register": can_register, "network": SimpleNamespace(slug="natverk-1")}
            expected = Template(OLD).render(Context(context))
            assert Template(NEW).render(Context(context)) == expected, (phase, is_over, registration, can_register)


def test_the_meeting_head_escapes_what_users_wrote():
    context = {"meeting": MEETINGS[1], "phase": "meeting", "is_over": False, "my_registration": REGISTRATIONS[3],
               "can_register": True, "network": SimpleNamespace(slug="natverk-1")}
    html = Template(NEW).render(Context(context))
    assert "Aulan &lt;plan 2&gt; &amp; &quot;foajén&quot;" in html and "Omgång 3: &lt;ledning&gt;" in html
    assert "Alby &lt;kommun&gt; &amp; co" in html and "Rum &lt;A&gt; &amp; B" in html and "Lärare &lt;&amp;&gt;" in html
    assert 'href="https://meet.example/a?b=1&amp;c=&lt;2&gt;"' in html
    url = reverse("networks:meeting_register", kwargs={"network": "natverk-1", "meeting_id": 42})
    assert f'<a class="button" href="{url}">' in html
