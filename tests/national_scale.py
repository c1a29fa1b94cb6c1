"""How large "a national-scale municipality" is in the query-count tests of issue 17's tools.

Stockholm runs about 140 municipal compulsory schools, Göteborg about 130, Uppsala and Malmö
50–80; most kommuner have under 20. The tools' query-count tests build a small municipality
(the two schools of tests/world.py and a couple more) and then one of ``SCHOOLS`` schools, each
with staff and data, and ask every page of the tool at both sizes: a count that is equal at 4 and
at 45 schools does not depend on the number of schools (a loop over schools that queried would
add 40 or more). 45 keeps each test within seconds on SQLite.
"""

SMALL_SCHOOLS = 2
SCHOOLS = 45
