"""Entry point for `celery -A kanwu.worker worker|beat`.

Celery looks for an attribute named `app` first, so the Flask app must not be bound to that name
here: only the Celery app (`celery`) is.
"""

from wsgi import app as flask_app

celery = flask_app.extensions["celery"]
