"""A database connection dropped under a page (PostgreSQL restarted, a proxy cut it): a GET is
answered from a fresh connection, tried once more; a POST is never run twice."""

import pytest
from sqlalchemy import event, text

from core.extensions import db
from tests.conftest import need_service


@pytest.fixture
def postgres(app):
    with app.app_context():
        dialect = db.engine.dialect.name
    need_service("PostgreSQL", dialect == "postgresql", "set KANWU_TEST_DATABASE_URL")
    return app


def terminate_backends(app, pid=None) -> int:
    """Cut the app's connections from the server side (pg_terminate_backend)."""
    import psycopg

    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as admin:
        where = "pid = %s" if pid else "datname = current_database() AND pid <> pg_backend_pid()"
        rows = admin.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608
                             f"WHERE {where}", (pid,) if pid else ()).fetchall()
    return len(rows)


@pytest.fixture
def cut_once(postgres):
    """Terminate the connection of the first statement matching `cut["match"]`, just before
    it runs, as a server restart would in the middle of a request."""
    cut = {"match": "", "done": 0, "seen": 0}

    def before(conn, cursor, statement, params, context, executemany):
        if cut["match"] and cut["match"] in statement:
            cut["seen"] += 1
            if not cut["done"]:
                cut["done"] = 1
                terminate_backends(postgres, conn.connection.driver_connection.info.backend_pid)

    with postgres.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    yield cut
    event.remove(engine, "before_cursor_execute", before)


def page_text(response) -> str:
    return response.get_data(as_text=True)


def test_pages_answer_after_the_server_dropped_every_connection(postgres, client, login,
                                                                make_user):
    user = make_user(email="wu.jiu@example.org", name="吴九")
    login(client, user)
    assert client.get("/manuscripts/").status_code == 200
    with postgres.app_context():
        db.session.execute(text("SELECT 1"))  # a pooled connection to be cut
        db.session.remove()
        assert terminate_backends(postgres) >= 1
    response = client.get("/manuscripts/")
    assert response.status_code == 200 and "吴九" in page_text(response)


def test_a_get_whose_connection_is_cut_mid_request_is_tried_once_more(postgres, client, login,
                                                                       make_user, cut_once):
    user = make_user(email="zheng.shi@example.org", name="郑十")
    login(client, user)
    cut_once["match"] = "FROM users"
    response = client.get("/manuscripts/")
    assert cut_once["done"] == 1
    assert response.status_code == 200 and "郑十" in page_text(response)


def test_a_post_whose_connection_is_cut_is_not_run_twice(postgres, client, make_user, cut_once):
    make_user(email="qian.yi@example.org")
    cut_once["match"] = "FROM users"
    response = client.post("/account/login", data={"email": "qian.yi@example.org",
                                                    "password": "correct horse battery"})
    assert cut_once["done"] == 1 and cut_once["seen"] == 1  # the form ran once, not again
    assert response.status_code == 500
