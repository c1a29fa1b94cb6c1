"""Form fields shared by the apps."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .params import parse_id


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by id, where a posted value that is not an id is an invalid choice.

    Django checks the chosen ids with one ``pk__in=[...]`` query, and it guards ``exact`` but not
    ``in`` against integers no column can hold: a posted 99999999999999999999 raised
    OverflowError (a 500) instead of "Välj ett giltigt alternativ". An id is 1-18 ASCII digits
    (``core.params``); anything else is refused here, before the query.
    """

    def _check_values(self, value):
        for pk in value:
            if parse_id(str(pk)) is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super()._check_values(value)
