"""An ``__in`` lookup for integer fields that ignores values no integer column can hold.

Django 5.2 guards ``exact``, ``lt`` and friends against out-of-range integers
(``IntegerFieldOverflow``), but not ``in``. ModelMultipleChoiceField validates submitted ids with
``pk__in=[...]``, so a posted id like 99999999999999999999 reached SQLite and raised
OverflowError (a 500) instead of "Välj ett giltigt alternativ". Such a value cannot match any row,
so dropping it before the query keeps the lookup's meaning on every backend.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    lookup_name = "in"

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            kept = [
                value for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if not kept and self.rhs:
                raise EmptyResultSet
            self.rhs = kept
        return super().process_rhs(compiler, connection)
