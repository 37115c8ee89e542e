"""Configuration: the embedded default needs no services; production refuses a default secret."""

import pytest

from core.config import DEFAULT_SECRET, ConfigError, load_config

PRODUCTION = {"KANWU_ENV": "production", "DATABASE_URL": "postgresql+psycopg://k@db/k",
              "REDIS_URL": "redis://redis:6379/0", "SMTP_HOST": "mailpit"}


def env(monkeypatch, values: dict) -> None:
    for key in ("KANWU_ENV", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL",
                "SMTP_HOST", "MAIL_BACKEND", "RATELIMIT_STORAGE_URI", "RATELIMIT_ENABLED", "PORT",
                "BASE_URL"):
        monkeypatch.delenv(key, raising=False)
    for key, value in values.items():
        monkeypatch.setenv(key, value)


def test_embedded_default_needs_no_services(monkeypatch, tmp_path):
    env(monkeypatch, {})
    cfg = load_config(str(tmp_path))
    assert cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'kanwu.sqlite3'}"
    assert cfg["CELERY_BROKER_URL"] == "filesystem://"
    assert cfg["MAIL_BACKEND"] == "file" and cfg["MAIL_DIR"] == str(tmp_path / "mail")
    assert cfg["RATELIMIT_STORAGE_URI"] == "memory://"
    assert cfg["BASE_URL"] == "http://127.0.0.1:5000"


def test_make_run_port_is_used_for_mail_links(monkeypatch, tmp_path):
    env(monkeypatch, {"PORT": "5111"})
    assert load_config(str(tmp_path))["BASE_URL"] == "http://127.0.0.1:5111"


@pytest.mark.parametrize("secret", [None, DEFAULT_SECRET, "", "change-me"])
def test_production_refuses_a_default_secret(monkeypatch, tmp_path, secret):
    env(monkeypatch, PRODUCTION | ({"SECRET_KEY": secret} if secret is not None else {}))
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path))


def test_production_uses_postgres_redis_and_smtp(monkeypatch, tmp_path):
    env(monkeypatch, PRODUCTION | {"SECRET_KEY": "s3cr3t-from-the-environment"})
    cfg = load_config(str(tmp_path))
    assert cfg["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert cfg["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert cfg["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/0"  # shared by all web workers
    assert cfg["MAIL_BACKEND"] == "smtp"
    assert cfg["SESSION_COOKIE_SECURE"] and cfg["REMEMBER_COOKIE_SECURE"]


def test_create_app_refuses_to_start_in_production_with_default_secret(monkeypatch, tmp_path):
    from kanwu.app import create_app

    env(monkeypatch, PRODUCTION)
    with pytest.raises(ConfigError):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_login_rate_limits_are_on_unless_switched_off_explicitly(monkeypatch, tmp_path):
    secret = {"SECRET_KEY": "x" * 40}
    env(monkeypatch, {**PRODUCTION, **secret})
    assert load_config(str(tmp_path))["RATELIMIT_ENABLED"] is True
    env(monkeypatch, {**PRODUCTION, **secret, "RATELIMIT_ENABLED": "0"})  # benchmark stack only
    assert load_config(str(tmp_path))["RATELIMIT_ENABLED"] is False


def test_base_url_from_environment_then_instance_file_then_default(monkeypatch, tmp_path):
    from core.config import remember_base_url

    env(monkeypatch, {})
    assert load_config(str(tmp_path))["BASE_URL"] == "http://127.0.0.1:5000"
    remember_base_url(tmp_path, "http://127.0.0.1:5103")  # what `PORT=5103 make run` keeps
    assert load_config(str(tmp_path))["BASE_URL"] == "http://127.0.0.1:5103"
    env(monkeypatch, {"PORT": "5111"})
    assert load_config(str(tmp_path))["BASE_URL"] == "http://127.0.0.1:5111"
    env(monkeypatch, {"PORT": "5111", "BASE_URL": "https://journal.example.org"})
    assert load_config(str(tmp_path))["BASE_URL"] == "https://journal.example.org"
    (tmp_path / "base_url").write_text("garbage\n")  # not an address: ignored
    env(monkeypatch, {})
    assert load_config(str(tmp_path))["BASE_URL"] == "http://127.0.0.1:5000"


def test_make_run_keeps_its_address_for_the_commands_beside_it(monkeypatch, tmp_path):
    from core import devserver
    from core.config import default_instance

    env(monkeypatch, {"PORT": "5103"})
    monkeypatch.setenv("KANWU_INSTANCE", str(tmp_path))
    monkeypatch.setattr(devserver, "supervise", lambda *args, **kwargs: {})
    monkeypatch.setattr(devserver.signal, "signal", lambda *args: None)
    monkeypatch.setattr(devserver, "web_env", dict)  # leaves this process's environment be
    assert devserver.main() == 0
    env(monkeypatch, {})  # a later `flask site build` in another shell, without PORT
    # Read as create_app reads it, without building a second app in this process: a second
    # app would become Celery's default and send later tests' tasks to this temporary folder.
    assert default_instance() == tmp_path
    assert load_config(str(default_instance()))["BASE_URL"] == "http://127.0.0.1:5103"
