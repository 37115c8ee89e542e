"""Days between two stored times, defined once for Python and for SQL on both databases.

Stored times are naive UTC (core.clock), so a difference is a plain number of days with its
fraction. `days(start, end)` computes it in Python; `days_between(start, end)` is the same in
SQL (julianday on SQLite, the interval's seconds on PostgreSQL), for aggregates over many rows.
"""

from datetime import datetime

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

SECONDS_A_DAY = 86400.0


def days(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / SECONDS_A_DAY


class days_between(FunctionElement):  # lower case: it reads as the SQL function it is
    """SQL: days from `start` to `end` (negative when `end` comes first; NULL if either is)."""

    type = Float()
    inherit_cache = True
    name = "days_between"


def _operands(element, compiler, **kw) -> tuple[str, str]:
    start, end = element.clauses
    return compiler.process(start, **kw), compiler.process(end, **kw)


@compiles(days_between)
def _days_on_postgresql(element, compiler, **kw) -> str:
    start, end = _operands(element, compiler, **kw)
    # (as double precision: EXTRACT gives a numeric, which reaches Python as a slow Decimal)
    return f"(CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS DOUBLE PRECISION) / {SECONDS_A_DAY})"


@compiles(days_between, "sqlite")
def _days_on_sqlite(element, compiler, **kw) -> str:
    start, end = _operands(element, compiler, **kw)
    return f"(julianday({end}) - julianday({start}))"
