"""Shared fixtures: the app on SQLite (default) or a throw-away PostgreSQL database, clients,
users, the mail outbox, and the real services (Redis, a Celery worker, an SMTP sink, Chromium).

Environment:
- KANWU_TEST_DATABASE_URL: a PostgreSQL URL; each test session creates its own database there.
- KANWU_TEST_REDIS_URL: a Redis URL for the worker tests.
- KANWU_REQUIRE_SERVICES=1: a missing service fails the test instead of skipping it (CI).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from core import mail
from core.extensions import db, limiter
from kanwu.app import create_app

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("KANWU_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("KANWU_CHROMIUM", "/usr/bin/chromium")


def need_service(name: str, available: bool, why: str = "") -> None:
    """Skip locally when a service is missing; fail in CI (KANWU_REQUIRE_SERVICES=1)."""
    if available:
        return
    message = f"{name} is not available{': ' + why if why else ''}"
    if REQUIRE_SERVICES:
        pytest.fail(message + " (KANWU_REQUIRE_SERVICES=1)")
    pytest.skip(message)


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- database


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("KANWU_TEST_DATABASE_URL")
    if not base:
        if REQUIRE_SERVICES:
            pytest.fail("KANWU_TEST_DATABASE_URL must point to PostgreSQL in CI")
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    import psycopg

    url = make_url(base)
    name = f"kanwu_test_{uuid.uuid4().hex[:10]}"
    admin_dsn = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,  # initialised, then switched off except in `rate_limits`
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_BACKEND": "memory",
            "MAIL_DISPATCH_AFTER_COMMIT": False,
            "CELERY_BROKER_URL": "memory://",
            "UPLOAD_DIR": str(instance / "uploads"),
            "SITE_DIR": str(instance / "site"),
            "MAIL_DIR": str(instance / "mail"),
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        db.create_all()
    limiter.enabled = False
    # Cheap argon2 parameters in tests: hashing is deliberately slow, and tests hash a lot.
    from argon2 import PasswordHasher

    from accounts import passwords

    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield app


def _empty_tables() -> None:
    tables = db.metadata.sorted_tables
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Every test starts from empty tables (and an empty memory mailbox)."""
    mail.SENT_IN_MEMORY.clear()
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        for attempt in range(5):
            try:
                _empty_tables()
                break
            except OperationalError:
                # A request the test left behind (a browser's last poll, a worker thread) may
                # still hold a table: PostgreSQL breaks the deadlock, and we empty them again.
                if attempt == 4:
                    raise
                time.sleep(0.5)
    app.config["WTF_CSRF_ENABLED"] = False
    limiter.enabled = False


@pytest.fixture
def rate_limits(app):
    """Switch the rate limits on (they are off in other tests), starting from zero."""
    limiter.reset()
    limiter.enabled = True
    yield limiter
    limiter.enabled = False
    limiter.reset()


@pytest.fixture
def journal_pages(app):
    """The journal profile, the six guideline pages and the columns (not the whole demo)."""
    from journal.demo import load_journal_profile

    with app.app_context():
        load_journal_profile()
        db.session.commit()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


# --------------------------------------------------------------------------- people

PASSWORD = "correct horse battery"  # noqa: S105


@pytest.fixture
def make_user(app):
    """make_user(email=..., roles=("editor",), name=..., locale=...) -> user id."""
    from accounts.models import Role
    from accounts.services import register_user

    counter = {"n": 0}

    def factory(email=None, roles=("author",), name=None, locale="zh_CN", **fields):
        counter["n"] += 1
        with app.app_context():
            user = register_user(
                email=email or f"user{counter['n']}@example.org",
                password=fields.pop("password", PASSWORD),
                name=name or f"用户{counter['n']}",
                roles=tuple(Role(r) for r in roles),
                locale=locale,
                confirmed=True,
                **fields,
            )
            db.session.commit()
            return user.id

    return factory


@pytest.fixture
def login(app):
    """login(client, user_id): log the test client in as that user."""

    def do_login(client, user_id: int):
        from accounts.models import User

        with app.app_context():  # the session carries the id and the account's session token
            user_key = db.session.get(User, user_id).get_id()
        # ... and the login time: one in 2100, because tests travel in time after logging in
        # (the 14-day lifetime is tested through real logins in tests/accounts/test_sessions.py).
        value = f"{user_key}:4102444800"
        with client.session_transaction() as sess:
            sess["_user_id"] = value
            sess["_fresh"] = True
        return client

    return do_login


# --------------------------------------------------------------------------- mail


@pytest.fixture
def outbox(app):
    """Deliver what is pending in the outbox (as the worker would) and return the messages."""
    from core import outbox as outbox_module

    class Mailbox:
        @property
        def messages(self):
            return list(mail.SENT_IN_MEMORY)

        def deliver(self):
            with app.app_context():
                for outbox_id in outbox_module.due_for_redelivery(limit=10_000):
                    outbox_module.deliver(outbox_id)
            return self.messages

    return Mailbox()


# --------------------------------------------------------------------------- services


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("KANWU_TEST_REDIS_URL")
    ok = False
    if url:
        try:
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
            ok = True
        except Exception:
            ok = False
    need_service("Redis", ok, "set KANWU_TEST_REDIS_URL")
    return url


@pytest.fixture
def smtp_sink():
    """A real SMTP server (aiosmtpd) on loopback that keeps every message it receives."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    class Sink:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 OK"

        def wait_for(self, count: int, timeout: float = 20.0):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and len(self.messages) < count:
                time.sleep(0.05)
            return self.messages

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@contextmanager
def dispatching_to(app, broker_url: str, transport_options: dict, queue: str | None = None):
    """Let the test app hand mail to Celery on `broker_url` after each commit."""
    celery = app.extensions["celery"]
    keys = ("broker_url", "broker_transport_options", "task_default_queue")
    saved = {key: celery.conf[key] for key in keys}

    def reconnect():  # drop the cached connection and producer pools of the old broker
        from kombu import pools

        if celery._pool is not None:
            celery._pool.force_close_all()
        celery._pool = None
        celery.amqp._producer_pool = None
        pools.reset()  # kombu's global pools too: a closed one would be handed out again

    celery.conf.update(broker_url=broker_url, broker_transport_options=transport_options,
                       task_default_queue=queue or saved["task_default_queue"])
    reconnect()
    app.config["MAIL_DISPATCH_AFTER_COMMIT"] = True
    try:
        yield
    finally:
        app.config["MAIL_DISPATCH_AFTER_COMMIT"] = False
        celery.conf.update(saved)
        reconnect()


@pytest.fixture
def celery_worker(app, redis_url, smtp_sink):
    """A real `celery worker` process on Redis, sharing the test database, mailing the sink.

    Yields a function that configures the test app to dispatch to that worker.
    """
    queue = f"kanwu-test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        CELERY_BROKER_URL=redis_url,
        CELERY_QUEUE=queue,
        MAIL_BACKEND="smtp",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp_sink.port),
        UPLOAD_DIR=app.config["UPLOAD_DIR"],
        SITE_DIR=app.config["SITE_DIR"],
        SECRET_KEY="test-secret",
    )
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "kanwu.worker", "worker", "--pool", "solo",
         "--loglevel", "WARNING", "-Q", queue, "--without-gossip", "--without-mingle"],
        cwd=PROJECT_ROOT, env=env,
    )
    try:
        with dispatching_to(app, redis_url, {"visibility_timeout": 3600}, queue=queue):
            yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def live_server(app):
    """The test app served by a real HTTP server in a thread."""
    import threading

    from werkzeug.serving import make_server

    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{port}"
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    available = Path(CHROMIUM).exists() and shutil.which(CHROMIUM) is not None
    need_service("Chromium", available, f"install it (apt-get install chromium) at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, app):
    """A fresh browser page; CSRF is on, as for a real user."""
    app.config["WTF_CSRF_ENABLED"] = True
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
