"""One place commits: the request. Views change things through services, which flush; when
the view has answered, the request's unit of work commits if the answer is a success or a
redirect (status below 400) and rolls back otherwise, so a refusal or an invalid form never
leaves half a change. A view that must keep what it recorded while answering with an error
(e.g. a spent link refused with 410) says so with `keep_changes()`.

Celery tasks and command-line commands are units of their own: they commit when they end.
"""

from flask import Flask, Response, g

from core.extensions import db


def keep_changes() -> None:
    """Commit this request's changes even though its answer is an error."""
    g.keep_changes = True


def finish(response: Response) -> Response:
    if response.status_code < 400 or g.pop("keep_changes", False):
        db.session.commit()
    else:
        db.session.rollback()
    return response


def init_app(app: Flask) -> None:
    app.after_request(finish)
