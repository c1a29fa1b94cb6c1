"""One-line text: a title never holds a line break or another control character.

A title goes where a line break is a weapon or a bug: an e-mail subject (``Kort\\r\\nBcc: …`` in a
commitment's title made every reminder run fail), a page heading, a spreadsheet cell, a PDF.
The form field and the model field both validate with :func:`validate_single_line`, and the
table refuses such a row with :func:`single_line_constraint`, so no path (a service called
without a form, the admin, a bulk write) stores one.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters (CR, LF, tab, NUL, …) and the Unicode line and paragraph
# separators, which some mail and text tools also take as line breaks.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The same without NUL, for the database: PostgreSQL cannot store NUL in text at all, and its
# regular expressions refuse the escape.
_CONTROL_CHARACTERS_SQL = r"[\x01-\x1f\x7f-\x9f\u2028\u2029]"

MESSAGE = _("Skriv på en rad: radbrytningar, tabbtecken och andra styrtecken går inte att använda här.")


def validate_single_line(value: str) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(MESSAGE, code="control_characters")


def single_line_constraint(field: str, *, name: str) -> models.CheckConstraint:
    """The table's own refusal of a ``field`` with a control character."""
    return models.CheckConstraint(condition=~models.Q(**{f"{field}__regex": _CONTROL_CHARACTERS_SQL}), name=name)


def without_control_characters(value: str) -> str:
    """``value`` on one line (each run of control characters a space), for old rows."""
    return re.sub(r"\s+", " ", CONTROL_CHARACTERS.sub(" ", value)).strip()
