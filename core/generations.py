"""Generation counters: exact caches for expensive aggregates.

A generation is a number that every transaction changing some kind of data bumps, in that same
transaction. The bump holds the counter's row lock until commit, so generations are committed
in order: a reader that sees generation g sees every change up to g. A value computed after
reading g and cached under g is therefore never stale once the cache is asked again with the
current generation (at most it already includes a later change, whose commit bumps g again).

`GenerationCache` keeps such values in the process's memory, so each web worker computes an
aggregate once per change of the data instead of once per page.
"""

import secrets
import threading
from collections.abc import Collection

from sqlalchemy import BigInteger, String, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db


class Generation(db.Model):
    __tablename__ = "generations"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


def bump(connection, name: str) -> None:
    """Add one to the generation `name` in the transaction of `connection` (one upsert). A
    new row starts at a random value, so a table emptied or restored never repeats a
    generation that a process still holds in its cache."""
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    connection.execute(
        insert(Generation).values(name=name, value=secrets.randbits(62))
        .on_conflict_do_update(index_elements=[Generation.name],
                               set_={"value": Generation.value + 1}))


READ = "read_generations"  # session.info key: generations read in this transaction


def current(name: str) -> int | None:
    """The generation `name`, or None while nothing has bumped it (then nothing is cached:
    data loaded in bulk, bypassing the ORM, has no generation). Read once a transaction."""
    read = db.session.info.setdefault(READ, {})
    if name not in read:
        read[name] = db.session.scalar(select(Generation.value).where(Generation.name == name))
    return read[name]


BUMPED = "bumped_generations"  # session.info key: generations this transaction has bumped
_WATCHED: list[tuple[type, Collection[str], str]] = []


def watch(model: type, fields: Collection[str], name: str) -> None:
    """Bump generation `name` in every flush that adds or deletes a `model` row or changes
    one of its `fields` (read at each flush: a set that grows is watched as it grows)."""
    _WATCHED.append((model, fields, name))


def touches(obj, fields: Collection[str], session: Session) -> bool:
    """Whether the coming (or just run) flush adds or deletes `obj`, or changes one of its
    `fields`."""
    if obj in session.new or obj in session.deleted:
        return True
    attrs = inspect(obj).attrs
    return any(attrs[f].history.has_changes() for f in fields)


def _bump_all(session: Session, names: set[str]) -> None:
    for name in sorted(names):  # one order everywhere: no deadlock between two bumpers
        bump(session.connection(), name)
    session.info.setdefault(BUMPED, set()).update(names)


@event.listens_for(Session, "after_flush")
def _bump_for_flushed_objects(session: Session, _flush_context) -> None:
    changed = session.new | session.dirty | session.deleted
    _bump_all(session, {name for model, fields, name in _WATCHED
                        if any(isinstance(o, model) and touches(o, fields, session)
                               for o in changed)})


@event.listens_for(Session, "do_orm_execute")
def _bump_for_bulk_statements(state) -> None:
    """insert(Model) / update(Model) / delete(Model) executed through the session."""
    if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper:
        _bump_all(state.session, {name for model, _fields, name in _WATCHED
                                  if issubclass(state.bind_mapper.class_, model)})


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _transaction_over(session: Session) -> None:
    if not session.in_nested_transaction():  # (a savepoint's end is not the transaction's)
        session.info.pop(BUMPED, None)
        session.info.pop(READ, None)


class GenerationCache:
    """Values computed from the data of one generation, kept until that generation moves on."""

    def __init__(self, name: str, max_entries: int = 256):
        self.name = name
        self.max_entries = max_entries
        self._generation: int | None = None
        self._values: dict = {}
        self._lock = threading.Lock()

    def get(self, key, compute):
        generation = current(self.name)  # (its autoflush may bump the generation: ask after)
        if generation is None or self.name in db.session.info.get(BUMPED, ()):
            return compute()  # (or this transaction changed the data and may roll back)
        with self._lock:
            if generation != self._generation:
                self._generation, self._values = generation, {}
            elif key in self._values:
                return self._values[key]
        value = compute()
        with self._lock:
            if generation == self._generation:
                if len(self._values) >= self.max_entries:
                    self._values.pop(next(iter(self._values)))
                self._values[key] = value
        return value
