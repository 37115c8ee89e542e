"""Kanwu's application shell: the one list of packages, and create_app wiring them together.

Every package, blueprint, task module and catalogue is named here by an import, so a typo fails
at start-up. Packages are layered (core <- accounts <- journal <- submission <- review, editorial
<- production <- publishing <- reports <- kanwu); import-linter checks the order in CI (see
pyproject.toml).
"""

from pathlib import Path

from celery.schedules import crontab
from flask import Flask

import accounts.admin
import accounts.cli
import accounts.notifications
import accounts.views
import core.tasks
import editorial.views
import journal.admin
import journal.views
import production.notifications
import production.tasks
import production.views
import publishing.notifications
import publishing.tasks
import publishing.views
import reports.annual
import reports.public  # the journal's figures on its public 刊物宗旨 page
import reports.views
import review.notifications
import review.tasks
import review.views
import submission.notifications
import submission.views
from core import clock, dbretry, errors, i18n, inputs, outbox, refusals, unitofwork
from core.celery import celery_init_app
from core.config import PROJECT_ROOT, default_instance, load_config
from core.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
from core.security import SecurityHeaders
from kanwu.cli import register_commands

# The packages, lowest layer first. Each owns its models, its templates/<package>/ and its
# catalogue translations/<package>/ (`python -m kanwu.catalogues update`).
PACKAGES = ("core", "accounts", "journal", "submission", "review", "editorial", "production",
            "publishing", "reports")

# Each registers its blueprint, commands, receivers and demo part in its init_app.
REGISTRARS = (journal.views, accounts.views, accounts.cli, accounts.admin, journal.admin,
              submission.views, review.views, production.views, publishing.views, editorial.views,
              reports.views)

TASK_MODULES = (core.tasks, review.tasks, production.tasks, publishing.tasks, reports.annual)

# The only modules that queue mail: each turns its package's events into mails, connected to
# the signals by being imported (tests/journal/test_mail_paths.py keeps the list complete).
MAIL_RECEIVERS = (accounts.notifications, submission.notifications, review.notifications,
                  production.notifications, publishing.notifications)

BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "core.tasks.sweep_outbox", "schedule": 10.0},  # see CLAIM_LEASE
    "forget-finished-jobs": {"task": "core.tasks.forget_finished_jobs",
                             "schedule": crontab(hour=3, minute=30)},
    "review-anonymise-pending": {"task": "review.tasks.anonymise_pending", "schedule": 60.0},
    "review-reminders": {"task": "review.tasks.remind_due_reviews", "schedule": 3600.0},
    "review-editor-digests": {"task": "review.tasks.send_editor_digests",
                              "schedule": crontab(hour=8, minute=0, day_of_week="mon")},
    # Agreement reminders (every production.agreements.REMINDER_DAYS), lost PDF hand-offs.
    "production-reminders": {"task": "production.tasks.send_production_reminders",
                             "schedule": 3600.0},
    # Catches up a site build whose task was lost (broker down at commit); a no-op otherwise.
    "render-site": {"task": "publishing.tasks.render_site", "schedule": 600.0},
    # Crossref deposits: what is due to be sent again or asked about (publishing.deposits).
    "crossref-deposits": {"task": "publishing.tasks.sweep_deposits", "schedule": 60.0},
}


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        # KANWU_INSTANCE: another instance folder (database, broker, mail), e.g. a soak test's.
        instance_path=str(default_instance()),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    inputs.init_app(app)  # ids that fit a column, text without NUL: before any rule is added
    if test_config and "INSTANCE_PATH" in test_config:
        app.instance_path = test_config["INSTANCE_PATH"]
    app.config.update(load_config(app.instance_path, test_config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["PROXY_COUNT"]:  # behind nginx: client address and scheme from X-Forwarded-*
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    clock.init_app(app)
    errors.init_app(app)
    refusals.init_app(app)
    unitofwork.init_app(app)
    dbretry.init_app(app)
    celery_init_app(app, [module.__name__ for module in TASK_MODULES], BEAT_SCHEDULE)
    outbox.init_app(app)
    register_commands(app)
    for package in REGISTRARS:
        package.init_app(app)
    # Outermost, after the blueprints: the public site's own WSGI layer is covered too.
    app.wsgi_app = SecurityHeaders(app.wsgi_app, app.config["KANWU_ENV"] == "production")
    return app
