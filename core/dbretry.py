"""A page read (GET/HEAD) whose database connection was lost is tried once more.

The pool pings a connection before handing it out (`pool_pre_ping`), which covers connections
that died while idle. One that dies during the request (PostgreSQL restarted, a proxy cut it)
raises an error flagged `connection_invalidated`; a read is safe to run again on a fresh
connection, so the visitor sees the page instead of an error. A form post is never repeated:
it may have done its work before the connection went.
"""

import logging

from flask import Flask, request
from sqlalchemy.exc import DBAPIError

from core.extensions import db

log = logging.getLogger(__name__)
SAFE_METHODS = ("GET", "HEAD")


def init_app(app: Flask) -> None:
    dispatch = app.dispatch_request

    def dispatch_request():
        try:
            return dispatch()
        except DBAPIError as exc:
            if not exc.connection_invalidated or request.method not in SAFE_METHODS:
                raise
            log.warning("%s %s: database connection lost, trying once more", request.method,
                        request.path)
            db.session.rollback()
            return dispatch()

    app.dispatch_request = dispatch_request
