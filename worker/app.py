"""Entry point for `celery -A worker.app worker|beat`."""

from wsgi import app

celery = app.extensions["celery"]
