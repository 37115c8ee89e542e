"""One state vocabulary: every enum of the project carries its titles (core.enums.TitledEnum),
every column that stores one has a check constraint listing exactly the enum's values, and the
database refuses any other value."""

import enum
import re
import typing

import pytest
from sqlalchemy import CheckConstraint, Enum, text
from sqlalchemy.exc import IntegrityError

from core.enums import TitledEnum
from core.extensions import db
from journal.models import get_journal
from kanwu.catalogues import PACKAGES
from tests.factories import make_manuscript

CHECK = re.compile(r"^(\w+) IN \((.*)\)$")


def subclasses(cls) -> set[type]:
    return {sub for direct in cls.__subclasses__() for sub in {direct, *subclasses(direct)}}


def enums_in(annotation) -> set[type]:
    """The project's enums an annotation names: Mapped[State], Mapped[Verdict | None]."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {annotation}
    return {found for arg in typing.get_args(annotation) for found in enums_in(arg)}


def stored_enum(model, column) -> type | None:
    """The enum a mapped column stores: by its annotation, its SQL type or its default."""
    found = set()
    for cls in model.__mro__:
        found |= enums_in(vars(cls).get("__annotations__", {}).get(column.key))
    if isinstance(column.type, Enum) and column.type.enum_class is not None:
        found.add(column.type.enum_class)
    if column.default is not None and isinstance(column.default.arg, enum.Enum):
        found.add(type(column.default.arg))
    assert len(found) <= 1, (column, found)
    return found.pop() if found else None


def enum_columns() -> list[tuple]:
    return [(mapper.local_table, column, stored)
            for mapper in db.Model.registry.mappers
            for column in mapper.local_table.columns
            if (stored := stored_enum(mapper.class_, column)) is not None]


def listed_values(table, column) -> list[list[str]]:
    """The values each check constraint on `column` of the form "column IN (...)" lists."""
    lists = []
    for constraint in table.constraints:
        match = CHECK.match(str(constraint.sqltext)) if isinstance(constraint,
                                                                  CheckConstraint) else None
        if match and match.group(1) == column.name:
            lists.append(re.findall(r"'([^']*)'", match.group(2)))
    return lists


def test_every_enum_of_the_project_carries_its_titles(app):
    mine = {cls for cls in subclasses(enum.Enum)
            if cls.__module__.split(".")[0] in PACKAGES and cls is not TitledEnum}
    assert mine, "no enum found"
    assert {cls for cls in mine if not issubclass(cls, TitledEnum)} == set()
    with app.test_request_context("/"):
        assert all(member.title for cls in mine for member in cls)


def test_every_enum_column_is_checked_against_exactly_its_values(app):
    found = {(table.name, column.name): stored for table, column, stored in enum_columns()}
    assert {("manuscripts", "state"), ("workflow_events", "to_state"), ("user_roles", "role"),
            ("review_assignments", "recommendation"), ("journal", "review_mode")} <= set(found)
    unchecked = {
        f"{table.name}.{column.name}": stored.__name__
        for table, column, stored in enum_columns()
        if listed_values(table, column) != [[member.value for member in stored]]
    }
    assert unchecked == {}, "add enum_check(column, Enum) to the model and a migration"


def _refused(statement, params, constraint):
    with pytest.raises(IntegrityError, match=constraint), db.session.begin_nested():
        db.session.execute(text(statement), params)


def test_the_database_refuses_a_value_outside_the_enum(app, make_user):
    user_id = make_user(roles=("author",))
    with app.app_context():
        get_journal()
        manuscript_id = make_manuscript(user_id, state="submitted").id
        db.session.commit()
        db.session.execute(text("INSERT INTO user_roles (user_id, role) VALUES (:u, 'editor')"),
                           {"u": user_id})
        _refused("INSERT INTO user_roles (user_id, role) VALUES (:u, 'superuser')",
                 {"u": user_id}, "ck_user_roles_valid_role")
        _refused("UPDATE manuscripts SET state = 'Submitted' WHERE id = :m",
                 {"m": manuscript_id}, "ck_manuscripts_valid_state")
        _refused("UPDATE journal SET review_mode = 'triple_blind'", {},
                 "ck_journal_valid_review_mode")
        db.session.commit()
        assert db.session.scalar(text("SELECT state FROM manuscripts WHERE id = :m"),
                                 {"m": manuscript_id}) == "submitted"
        assert db.session.scalar(text("SELECT count(*) FROM user_roles WHERE user_id = :u"),
                                 {"u": user_id}) == 2
