"""The share form's checkboxes built by ``share_tags.share_choices`` (issue 18): what Django's
widget templates drew, escaping included."""

from django.template import Context, Template

from networks.forms import ShareForm
from reviews.selectors import NetworkName

_DJANGO = Template(
    '{% for choice in form.networks %}<div class="field field--checkbox">{{ choice.tag }} '
    '<label for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label></div>{% endfor %}'
)
_TAG = Template("{% load share_tags %}{% share_choices form.networks %}")

_NETWORKS = [NetworkName(pk=3, name='<b>Läs & "skriv"</b>'), NetworkName(pk=7, name="Matte"), NetworkName(pk=12, name="Nord")]


def _form(**kwargs) -> ShareForm:
    return ShareForm(network_ids=[3, 7, 12], networks=_NETWORKS, prefix="dela", **kwargs)


def test_share_choices_say_what_django_said_checked_or_not():
    for form in (_form(shared_ids=[7, 12]), _form(shared_ids=[]), _form(shared_ids=[], preferred_id=3),
                 ShareForm(network_ids=[7], shared_ids=[], networks=_NETWORKS[1:2])):
        context = Context({"form": form})
        assert _TAG.render(context) == _DJANGO.render(context)


def test_share_choices_escape_the_names_and_check_the_shared():
    html = _TAG.render(Context({"form": _form(shared_ids=[7])}))
    assert "<b>" not in html and "&lt;b&gt;Läs &amp; &quot;skriv&quot;&lt;/b&gt;" in html
    assert '<input type="checkbox" name="dela-networks" value="7" id="id_dela-networks_1" checked>' in html
    assert html.count(" checked") == 1
