"""The Celery app: tasks run inside the Flask app context; broker from configuration."""

import importlib.util
from pathlib import Path

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask

from worker.broker import TRANSPORT as BROKER_TRANSPORT

# Task modules of every package; a package that does not exist yet is skipped.
TASK_MODULES = ["journal.tasks", "submission.tasks", "review.tasks", "publishing.tasks"]

BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "journal.tasks.sweep_outbox", "schedule": 10.0},  # see CLAIM_LEASE
    "review-anonymise-pending": {"task": "review.tasks.anonymise_pending", "schedule": 60.0},
    "review-reminders": {"task": "review.tasks.remind_due_reviews", "schedule": 3600.0},
    "review-editor-digests": {"task": "review.tasks.send_editor_digests",
                              "schedule": crontab(hour=8, minute=0, day_of_week="mon")},
    # Catches up a site build whose task was lost (broker down at commit); a no-op otherwise.
    "render-site": {"task": "publishing.tasks.render_site", "schedule": 600.0},
}


def broker_options(url: str, broker_dir: str) -> dict:
    """Transport options: a fast-polling folder for filesystem://; for Redis, fail fast when
    it is down (the outbox sweep redelivers) instead of blocking a request."""
    if url.startswith("filesystem://"):
        folder = Path(broker_dir)
        for sub in ("in", "processed", "control"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        return {
            "data_folder_in": str(folder / "in"),
            "data_folder_out": str(folder / "in"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),  # else ./control in the working directory
            "store_processed": False,
            "polling_interval": 0.05,
        }
    return {"visibility_timeout": 3600, "max_retries": 1, "socket_connect_timeout": 2}


def existing_modules(names: list[str]) -> list[str]:
    found = []
    for name in names:
        try:
            if importlib.util.find_spec(name):
                found.append(name)
        except ModuleNotFoundError:
            pass
    return found


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.name, task_cls=FlaskTask, include=existing_modules(TASK_MODULES))
    celery.conf.update(
        broker_url=app.config["CELERY_BROKER_URL"],
        broker_transport_options=broker_options(app.config["CELERY_BROKER_URL"],
                                                app.config["CELERY_BROKER_DIR"]),
        broker_transport=BROKER_TRANSPORT if app.config["CELERY_BROKER_URL"].startswith(
            "filesystem://") else None,
        broker_connection_retry_on_startup=True,
        task_default_queue=app.config["CELERY_TASK_DEFAULT_QUEUE"],
        task_ignore_result=True,
        task_always_eager=app.config["CELERY_TASK_ALWAYS_EAGER"],
        task_acks_late=True,
        worker_prefetch_multiplier=1,
        beat_schedule=BEAT_SCHEDULE | app.config.get("CELERY_BEAT_EXTRA", {}),
        beat_schedule_filename=str(Path(app.instance_path) / "celerybeat-schedule"),
        timezone="Asia/Shanghai",
        worker_hijack_root_logger=False,
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
