"""`make run` signs sessions with a random secret of its own, kept under instance/ (mode 600)
and reused; never with a constant anyone can read in the source."""

import stat
import threading

import pytest
from flask import Flask
from itsdangerous import BadSignature

from core.config import DEFAULT_SECRET, load_config


@pytest.fixture
def development(monkeypatch):
    for key in ("KANWU_ENV", "SECRET_KEY"):
        monkeypatch.delenv(key, raising=False)


def test_first_run_creates_a_random_secret_readable_by_the_owner_only(development, tmp_path):
    secret = load_config(str(tmp_path))["SECRET_KEY"]
    kept = tmp_path / "secret_key"
    assert kept.read_text().strip() == secret
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert secret != DEFAULT_SECRET and len(secret) >= 40


def test_later_runs_reuse_it_and_other_instances_have_their_own(development, tmp_path):
    first = load_config(str(tmp_path / "a"))["SECRET_KEY"]
    assert load_config(str(tmp_path / "a"))["SECRET_KEY"] == first
    assert load_config(str(tmp_path / "b"))["SECRET_KEY"] != first


def test_web_and_worker_starting_together_agree_on_one_secret(development, tmp_path):
    found = []
    threads = [threading.Thread(target=lambda: found.append(
        load_config(str(tmp_path))["SECRET_KEY"])) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(found)) == 1 and len(found) == 8
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left


def test_a_loose_secret_file_is_made_private_again(development, tmp_path):
    secret = load_config(str(tmp_path))["SECRET_KEY"]
    (tmp_path / "secret_key").chmod(0o644)
    assert load_config(str(tmp_path))["SECRET_KEY"] == secret
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_secret_from_the_environment_or_the_tests_wins_and_writes_nothing(
        development, monkeypatch, tmp_path):
    assert load_config(str(tmp_path), {"SECRET_KEY": "test"})["SECRET_KEY"] == "test"
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert load_config(str(tmp_path))["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_a_session_forged_with_the_old_public_constant_is_refused(development, tmp_path):
    forger = Flask("forger")
    forger.secret_key = DEFAULT_SECRET
    forged = forger.session_interface.get_signing_serializer(forger).dumps({"_user_id": "1"})
    victim = Flask("victim")
    victim.config.update(load_config(str(tmp_path)))
    with pytest.raises(BadSignature):
        victim.session_interface.get_signing_serializer(victim).loads(forged)

