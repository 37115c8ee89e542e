"""The Celery app: tasks run inside the Flask app context; broker from configuration."""

from pathlib import Path

from celery import Celery, Task
from flask import Flask

from core.broker import TRANSPORT as BROKER_TRANSPORT


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


def celery_init_app(app: Flask, task_modules: list[str], beat_schedule: dict) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.name, task_cls=FlaskTask, include=task_modules)
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
        beat_schedule=beat_schedule | app.config.get("CELERY_BEAT_EXTRA", {}),
        beat_schedule_filename=str(Path(app.instance_path) / "celerybeat-schedule"),
        timezone="Asia/Shanghai",
        worker_hijack_root_logger=False,
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
