"""Login limits count failed attempts only: strictly per account (from every address), loosely
per address, in storage shared by all web workers. An office or a campus behind one address is
never locked out by its own correct logins."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from limits import parse

from tests.conftest import PASSWORD

OFFICE = "10.1.2.3"


def attempt(app, email, password=PASSWORD, address=OFFICE, lang=None):
    client = app.test_client()
    if lang:
        client.get(f"/lang/{lang}")
    return client.post("/account/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def allowed(app, key) -> int:
    return parse(app.config[key]).amount


def test_thirty_people_logging_in_correctly_from_one_address_are_never_refused(
        app, make_user, rate_limits):
    emails = [f"staff{i}@example.org" for i in range(30)]
    for email in emails:
        make_user(email=email)
    for _round in range(2):  # and again after lunch
        for email in emails:
            response = attempt(app, email)
            assert response.status_code == 302, email


def test_failed_attempts_lock_that_account_from_every_address(app, make_user, rate_limits):
    make_user(email="target@example.org")
    make_user(email="colleague@example.org")
    for i in range(allowed(app, "LOGIN_ACCOUNT_FAILURES")):
        wrong = attempt(app, "target@example.org", "not the password", address=f"198.51.100.{i}")
        assert wrong.status_code == 200 and "邮箱或密码错误" in wrong.get_data(as_text=True)
    refused = attempt(app, "target@example.org", address="203.0.113.9")  # even the right one
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "该账户登录失败次数过多" in html and "target@example.org" in html  # the form is kept
    assert attempt(app, "colleague@example.org", address="198.51.100.1").status_code == 302


def test_an_unknown_address_is_locked_the_same_way(app, rate_limits):
    for _ in range(allowed(app, "LOGIN_ACCOUNT_FAILURES")):
        attempt(app, "nobody@example.org", "guess guess guess")
    assert attempt(app, "nobody@example.org", "guess again").status_code == 429


def test_the_lock_message_is_in_the_users_language(app, make_user, rate_limits):
    make_user(email="target@example.org")
    for _ in range(allowed(app, "LOGIN_ACCOUNT_FAILURES")):
        attempt(app, "target@example.org", "not the password")
    html = attempt(app, "target@example.org", lang="en").get_data(as_text=True)
    assert "Too many failed attempts to log in to this account" in html


def test_the_lock_ends_after_the_window(app, make_user, rate_limits):
    make_user(email="target@example.org")
    with time_machine.travel("2026-05-01 08:00", tick=False) as traveller:
        for _ in range(allowed(app, "LOGIN_ACCOUNT_FAILURES")):
            attempt(app, "target@example.org", "not the password")
        assert attempt(app, "target@example.org").status_code == 429
        traveller.shift(timedelta(minutes=16))
        assert attempt(app, "target@example.org").status_code == 302


def test_a_correct_login_forgives_earlier_typos(app, make_user, rate_limits):
    make_user(email="typist@example.org")
    n = allowed(app, "LOGIN_ACCOUNT_FAILURES")
    for _day in range(3):
        for _ in range(n - 1):
            attempt(app, "typist@example.org", "typo typo typo")
        assert attempt(app, "typist@example.org").status_code == 302


def test_failures_spread_over_many_accounts_meet_a_looser_limit_per_address(
        app, make_user, rate_limits):
    make_user(email="real@example.org")
    per_address = allowed(app, "LOGIN_ADDRESS_FAILURES")
    assert per_address > 3 * allowed(app, "LOGIN_ACCOUNT_FAILURES")  # loose, not strict
    for i in range(per_address):
        assert attempt(app, f"spray{i}@example.org", "Winter2026!").status_code == 200
    refused = attempt(app, "real@example.org")
    assert refused.status_code == 429 and "失败次数过多" in refused.get_data(as_text=True)
    assert attempt(app, "real@example.org", address="203.0.113.50").status_code == 302


def test_limits_are_shared_by_all_web_workers_through_redis(app, make_user, redis_url,
                                                            rate_limits, monkeypatch):
    """Two workers (two throttles on one Redis) count the same failures."""
    from accounts import throttle

    prefix = f"kanwu-test-{uuid.uuid4().hex[:8]}"
    workers = [throttle.LoginThrottle(redis_url, key_prefix=prefix) for _ in range(2)]
    make_user(email="target@example.org")
    for i in range(allowed(app, "LOGIN_ACCOUNT_FAILURES")):
        monkeypatch.setitem(app.extensions, throttle.EXTENSION, workers[i % 2])
        assert attempt(app, "target@example.org", "wrong wrong wrong",
                       address=f"198.51.100.{i}").status_code == 200
    for worker in workers:
        monkeypatch.setitem(app.extensions, throttle.EXTENSION, worker)
        assert attempt(app, "target@example.org").status_code == 429
    workers[0].storage.reset()


def test_redis_down_counts_in_memory_instead_of_failing(app, make_user, rate_limits,
                                                        monkeypatch):
    from accounts import throttle

    dead = throttle.LoginThrottle("redis://127.0.0.1:1/0")  # nothing listens there
    monkeypatch.setitem(app.extensions, throttle.EXTENSION, dead)
    make_user(email="target@example.org")
    assert attempt(app, "target@example.org").status_code == 302
    for _ in range(allowed(app, "LOGIN_ACCOUNT_FAILURES")):
        assert attempt(app, "target@example.org", "wrong wrong wrong").status_code == 200
    assert attempt(app, "target@example.org").status_code == 429


@pytest.mark.parametrize("configured", [{"REDIS_URL": "redis://redis:6379/0"},
                                        {"RATELIMIT_STORAGE_URI": "redis://other:6379/1"}])
def test_redis_is_used_wherever_it_is_configured(monkeypatch, tmp_path, configured):
    from core.config import load_config

    for key in ("KANWU_ENV", "REDIS_URL", "RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(key, raising=False)
    for key, value in configured.items():
        monkeypatch.setenv(key, value)
    assert load_config(str(tmp_path))["RATELIMIT_STORAGE_URI"] == next(iter(configured.values()))


def test_make_run_counts_login_failures_in_one_web_process_without_redis(monkeypatch):
    from core.devserver import web_env

    for key in ("RATELIMIT_STORAGE_URI", "REDIS_URL", "GUNICORN_WORKERS"):
        monkeypatch.delenv(key, raising=False)
    assert web_env()["GUNICORN_WORKERS"] == "1"
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert "GUNICORN_WORKERS" not in web_env()  # shared through Redis: as many as it likes
