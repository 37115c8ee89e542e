"""URL converters registered app-wide.

`int` is Werkzeug's integer converter bounded to what an id column can hold: every primary
key is an SQL INTEGER, which PostgreSQL stores in 32 bits (an id of 2^31 raises DataError,
one above 2^63 overflows SQLite's driver). A larger number in a URL names nothing, so it is
answered with 404 instead of reaching the database.
"""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` with a default maximum of MAX_ID (an explicit `max=` still wins)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


def parse_id(value) -> int | None:
    """An id from a query string or form field: a positive number within MAX_ID, else None
    (callers then ignore the parameter or answer 404)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
