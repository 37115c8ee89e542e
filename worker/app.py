"""Entry point for `celery -A worker.app worker|beat`.

No module attribute is called `app`: Celery would take the Flask app for its own.
"""

from wsgi import app as flask_app

celery = flask_app.extensions["celery"]
