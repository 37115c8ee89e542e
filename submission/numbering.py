"""Manuscript numbers `<prefix>-<year>-<NNNN>`, gap-free per year and race-free.

The counter row of the year is incremented with one atomic upsert in the submitting
transaction. On PostgreSQL the row stays locked until that transaction ends, so concurrent
submits queue up, and a submit that rolls back gives its number back (no gaps).
"""

from sqlalchemy.dialects import postgresql, sqlite

from core.extensions import db
from submission.models import NumberCounter


def allocate_number(prefix: str, year: int) -> str:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(NumberCounter)
        .values(year=year, last=1)
        .on_conflict_do_update(
            index_elements=[NumberCounter.year], set_={"last": NumberCounter.last + 1}
        )
        .returning(NumberCounter.last)
    )
    sequence = db.session.execute(statement).scalar_one()
    return f"{prefix}-{year}-{sequence:04d}"
