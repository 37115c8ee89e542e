"""`flask db upgrade` on an empty database gives exactly the models' schema (SQLite and
PostgreSQL), so nobody forgets a migration."""

import os
import subprocess
import sys
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, create_engine, inspect
from sqlalchemy.engine import make_url

from core.config import PROJECT_ROOT
from core.extensions import db
from tests.conftest import need_service


def schema_diff(url: str, tmp_path) -> list:
    """Run `flask db upgrade` as a user would, then compare the result with the models."""
    env = dict(os.environ, DATABASE_URL=url, KANWU_ENV="development")
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],  # noqa: S603
                   cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return (compare_metadata(MigrationContext.configure(conn), db.metadata)
                    + check_constraint_diff(conn))
    finally:
        engine.dispose()


def check_constraint_diff(conn) -> list:
    """What compare_metadata leaves out: the CHECK constraints, by name (on SQLite with their
    text too; PostgreSQL rewrites it)."""
    with_text = conn.dialect.name == "sqlite"

    def key(table: str, name: str, sqltext) -> tuple:
        return table, name, " ".join(str(sqltext).split()) if with_text else ""

    inspector = inspect(conn)
    found = {key(table, check["name"], check["sqltext"]) for table in inspector.get_table_names()
             for check in inspector.get_check_constraints(table)}
    wanted = {key(table.name, check.name, check.sqltext) for table in db.metadata.sorted_tables
              for check in table.constraints if isinstance(check, CheckConstraint)}
    return ([("missing check", k) for k in sorted(wanted - found)]
            + [("unexpected check", k) for k in sorted(found - wanted)])


def test_migrations_match_models_on_sqlite(app, tmp_path):
    assert schema_diff(f"sqlite:///{tmp_path / 'scratch.sqlite3'}", tmp_path) == []


@pytest.mark.services
def test_migrations_match_models_on_postgresql(app, tmp_path):
    base = os.environ.get("KANWU_TEST_DATABASE_URL", "")
    need_service("PostgreSQL", base.startswith("postgresql"), "set KANWU_TEST_DATABASE_URL")
    url = make_url(base)
    name = f"kanwu_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        assert schema_diff(url.set(database=name).render_as_string(hide_password=False),
                           tmp_path) == []
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
