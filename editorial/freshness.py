"""What the desk's cached values read, declared once, and the watch derived from it.

Each web process keeps the desk's queue counts, year list and queue tables per desk
generation (core.generations): any change to what they read must start a new generation.
So the desk names the columns it reads with `reads(...)` where it builds its queries, and
uses what `reads` returns as the query's columns: the one declaration is both what the query
reads and what is watched, and a column added to a desk query is watched by the same line.
Markers (submission.console.desk_marker) declare theirs when they register.
tests/editorial/test_desk_freshness.py shows the cached pages and fails on any column they
read that is not watched.
"""

from sqlalchemy import Column, Table
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import ColumnClause

from core.extensions import db
from core.generations import watch

DESK_GENERATION = "desk"

# {model: names of its watched attributes}; each set is the one core.generations watches.
WATCHED: dict[type, set[str]] = {}


def reads(*attributes):
    """Watch the mapped attributes `attributes` (Manuscript.state, ...) for the desk's
    generation, and for an SQL expression mapped as an attribute (a column_property such as
    Manuscript.possible_duplicate) every table column it reads; returns `attributes`, to be
    used in the query that reads them."""
    for attribute in attributes:
        sources = {(attribute.class_, attribute.key)}
        for expression in getattr(attribute.property, "columns", ()):
            sources.update(mapped(column) for column in read_columns(expression))
        for model, key in sources:
            if model not in WATCHED:
                WATCHED[model] = set()
                watch(model, WATCHED[model], DESK_GENERATION)
            WATCHED[model].add(key)
    return attributes


def read_columns(expression) -> set:
    """The table columns an SQL expression or statement reads (through aliases and
    subqueries)."""
    found = set()
    for element in visitors.iterate(expression):
        if isinstance(element, ColumnClause) and element.table is not None:
            found.update(c for c in element.base_columns
                         if isinstance(c, Column) and isinstance(c.table, Table))
    return found


def mapped(column) -> tuple[type, str]:
    """The model and attribute name of a table column."""
    for mapper in db.Model.registry.mappers:
        if mapper.local_table is column.table:
            return mapper.class_, mapper.get_property_by_column(column).key
    raise LookupError(f"{column.table.name}.{column.name} is not mapped")
