"""Configuration from environment variables, with an embedded default that needs no services."""

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

# The constant of earlier versions: refused in production, never used any more.
DEFAULT_SECRET = "dev-only-not-secret"  # noqa: S105
SECRET_FILE = "secret_key"  # noqa: S105 - a file name under instance/, not a secret
# The public address `make run` serves at, kept for the commands run beside it (site build).
BASE_URL_FILE = "base_url"

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    pass


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    env = os.environ
    instance = Path(instance_path)
    production = env.get("KANWU_ENV", "development") == "production"
    broker_dir = instance / "broker"
    cfg = {
        "KANWU_ENV": "production" if production else "development",
        "SECRET_KEY": env.get("SECRET_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": env.get(
            "DATABASE_URL", f"sqlite:///{instance / 'kanwu.sqlite3'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CELERY_BROKER_URL": env.get("CELERY_BROKER_URL") or env.get("REDIS_URL") or "filesystem://",
        "CELERY_BROKER_DIR": str(broker_dir),
        "CELERY_TASK_DEFAULT_QUEUE": env.get("CELERY_QUEUE", "kanwu"),
        "CELERY_TASK_ALWAYS_EAGER": False,
        "REDIS_URL": env.get("REDIS_URL", ""),
        # Shared by every web worker wherever Redis is configured (accounts/throttle.py).
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL")
        or "memory://",
        # Failed logins allowed per account (from any address) and per address.
        "LOGIN_ACCOUNT_FAILURES": env.get("LOGIN_ACCOUNT_FAILURES", "8 per 15 minutes"),
        "LOGIN_ADDRESS_FAILURES": env.get("LOGIN_ADDRESS_FAILURES", "50 per 15 minutes"),
        # Redis down: count in memory rather than refuse every login with an error.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Off only where a benchmark logs many scripted authors in from one address.
        "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "1") != "0",
        "MAIL_BACKEND": env.get("MAIL_BACKEND", "smtp" if env.get("SMTP_HOST") else "file"),
        "MAIL_DIR": env.get("MAIL_DIR", str(instance / "mail")),
        "MAIL_FROM": env.get("MAIL_FROM", "Kanwu <noreply@kanwu.localhost>"),
        "SMTP_HOST": env.get("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": int(env.get("SMTP_PORT", "1025")),
        "SMTP_USER": env.get("SMTP_USER", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": env.get("SMTP_STARTTLS", "0") == "1",
        "SMTP_TIMEOUT": float(env.get("SMTP_TIMEOUT", "10")),
        "UPLOAD_DIR": env.get("UPLOAD_DIR", str(instance / "uploads")),
        "SITE_DIR": env.get("SITE_DIR", str(instance / "site")),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_UPLOAD_MB", "60")) * 1024 * 1024,
        "BASE_URL": base_url(instance),
        # Crossref deposits (publishing.deposits): off while no deposit URL is set. Crossref's
        # are https://doi.crossref.org/servlet/deposit and .../servlet/submissionDownload
        # (test.crossref.org for its test system).
        "CROSSREF_DEPOSIT_URL": env.get("CROSSREF_DEPOSIT_URL", ""),
        "CROSSREF_RESULT_URL": env.get("CROSSREF_RESULT_URL", ""),
        "CROSSREF_LOGIN_ID": env.get("CROSSREF_LOGIN_ID", ""),
        "CROSSREF_PASSWORD": env.get("CROSSREF_PASSWORD", ""),
        "CROSSREF_TIMEOUT": float(env.get("CROSSREF_TIMEOUT", "60")),
        # How many reverse proxies (nginx) stand in front of the app and set X-Forwarded-*.
        "PROXY_COUNT": int(env.get("KANWU_PROXIES", "0")),
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "BOOTSTRAP_SERVE_LOCAL": True,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "TOKEN_MAX_AGE_SECONDS": int(env.get("TOKEN_MAX_AGE_SECONDS", str(2 * 24 * 3600))),
        "RESET_TOKEN_MAX_AGE_SECONDS": int(env.get("RESET_TOKEN_MAX_AGE_SECONDS", str(2 * 3600))),
        # A login lasts this long at most, remembered or not (accounts.models.load_user).
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
    }
    if overrides:
        cfg.update(overrides)
    if production and cfg["SECRET_KEY"] in (DEFAULT_SECRET, "", "change-me"):
        raise ConfigError("SECRET_KEY must be set to a secret value when KANWU_ENV=production")
    if not cfg["SECRET_KEY"]:
        cfg["SECRET_KEY"] = instance_secret(instance)
    return cfg


def default_instance() -> Path:
    return Path(os.environ.get("KANWU_INSTANCE") or PROJECT_ROOT / "instance")


def base_url(instance: Path) -> str:
    """The public address links are built with: BASE_URL (or PORT) from the environment, else
    the address the running app wrote under instance/, else the embedded default's. A command
    run in another shell (`flask site build`) thus builds the same links as the running app."""
    env = os.environ
    if env.get("BASE_URL"):
        return env["BASE_URL"]
    if env.get("PORT"):
        return f"http://127.0.0.1:{env['PORT']}"
    with contextlib.suppress(OSError):
        remembered = (instance / BASE_URL_FILE).read_text(encoding="utf-8").strip()
        if remembered.startswith(("http://", "https://")):
            return remembered
    return "http://127.0.0.1:5000"


def remember_base_url(instance: Path, url: str) -> None:
    """Kept by `make run` for the other commands of this instance; written whole under a
    private name and renamed, so a command starting meanwhile reads the old or the new one."""
    instance.mkdir(parents=True, exist_ok=True)
    temporary = instance / f".{BASE_URL_FILE}.{os.getpid()}"
    temporary.write_text(url + "\n", encoding="utf-8")
    os.replace(temporary, instance / BASE_URL_FILE)


def instance_secret(instance: Path) -> str:
    """The embedded default's secret: made at random on the first run, kept in
    instance/secret_key readable by its owner only, and reused by every later run and by every
    process (web, worker, beat, CLI) of this instance."""
    path = instance / SECRET_FILE
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # Written whole under a private name, then linked into place: processes starting
        # together never read a half-written file, and the first link wins.
        temporary = instance / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48) + "\n")
            with contextlib.suppress(FileExistsError):  # another process was first
                os.link(temporary, path)
        finally:
            temporary.unlink()
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    secret = path.read_text().strip()
    if len(secret) < 32:
        raise ConfigError(f"{path} holds no usable secret; delete it to have a new one made")
    return secret
