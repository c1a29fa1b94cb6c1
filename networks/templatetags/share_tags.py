"""The share form's network choices (networks/_share_form.html), for a goal or a mapping's result."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _attrs(attrs: dict) -> SafeString:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return format_html_join("", " {}{}", (
        (name, "" if value is True else format_html('="{}"', value)) for name, value in attrs.items() if value is not False
    ))


@register.simple_tag
def share_choices(field) -> SafeString:
    """Each network's checkbox and label of the share form's ``networks`` field.

    The options (name, value, id, checked) are Django's own (``BoundField.subwidgets``); only the
    ``<input>`` is written here, as django/forms/widgets/input.html writes it: through the form
    renderer's templates each checkbox cost the results page more than its whole share section
    with nothing cached (issue 18). Every value and label is escaped.
    """
    def choice(widget):
        data = widget.data
        value = data["value"]
        return (data["type"], data["name"], "" if value is None else format_html(' value="{}"', value),
                _attrs(data["attrs"]), widget.id_for_label, widget.choice_label)

    return format_html_join(
        "", '<div class="field field--checkbox"><input type="{}" name="{}"{}{}> <label for="{}">{}</label></div>',
        (choice(widget) for widget in field),
    )
