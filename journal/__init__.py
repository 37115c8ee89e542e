"""Kanwu application shell: create_app wires configuration, extensions and blueprints."""

from pathlib import Path

from flask import Flask

from journal.config import PROJECT_ROOT, default_instance, load_config

# The blueprints, in the order imports run (journal <- accounts <- submission <- ...).
# A package listed here that does not exist yet is skipped, so the shell grows with the packages.
BLUEPRINT_MODULES = [
    "journal.views",
    "accounts.views",
    "accounts.cli",
    "accounts.admin",
    "submission.views",
    "review.views",
    "publishing.views",
    "editorial.views",
]

# Every package's models, imported even before the package has views, so that the metadata
# (and with it `flask db migrate` and the schema test) always knows every table.
MODEL_MODULES = [f"{package}.models" for package in
                 ("journal", "accounts", "submission", "review", "publishing", "editorial")]


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        # KANWU_INSTANCE: another instance folder (database, broker, mail), e.g. a soak test's.
        instance_path=str(default_instance()),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    from journal import inputs

    inputs.init_app(app)  # ids that fit a column, text without NUL: before any rule is added
    if test_config and "INSTANCE_PATH" in test_config:
        app.instance_path = test_config["INSTANCE_PATH"]
    app.config.update(load_config(app.instance_path, test_config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["PROXY_COUNT"]:  # behind nginx: client address and scheme from X-Forwarded-*
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    from journal import clock, dbretry, errors, i18n
    from journal.extensions import bootstrap, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    clock.init_app(app)
    errors.init_app(app)
    dbretry.init_app(app)

    from journal import outbox
    from worker import celery_init_app

    celery_init_app(app)
    outbox.init_app(app)

    from journal.cli import register_commands

    register_commands(app)
    _register_blueprints(app)

    from journal.security import SecurityHeaders

    # Outermost, after the blueprints: the public site's own WSGI layer is covered too.
    app.wsgi_app = SecurityHeaders(app.wsgi_app, app.config["KANWU_ENV"] == "production")
    return app


def _register_blueprints(app: Flask) -> None:
    for name in MODEL_MODULES:
        _import_if_present(name)
    for name in BLUEPRINT_MODULES:
        module = _import_if_present(name)
        if module is not None:
            module.init_app(app)


def _import_if_present(name: str):
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise
