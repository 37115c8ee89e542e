"""The one refusal path. Every service error derives from `DomainError`, and one app-level
handler answers it: a form post with the message and a redirect back to the page the form was
on, an XHR with JSON, anything else with the error page and the error's status. Views don't
catch refusals; the request's unit of work (core/unitofwork.py) rolls the change back.

The kinds: `Invalid` (400, input a person can correct), `NotAllowed` (403), `Missing` (404,
also where saying "not yours" would reveal that it exists), `Conflict` (409, not possible in
the current state) and `Stale` (409, someone else changed it first).
"""

from urllib.parse import urlsplit

from flask import Flask, current_app, flash, jsonify, redirect, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from core.errors import render_error
from core.redirects import local_path


class DomainError(Exception):
    """A refusal a person reads. `message` is in their language (a lazy string is fine);
    `back_url` overrides where a form post is sent back to; `category` is the flash's."""

    status = 400
    category = "error"

    def __init__(self, message=None, *, back_url: str | None = None):
        super().__init__(message)
        self.message = message
        self.back_url = back_url

    def __str__(self) -> str:
        return str(self.message) if self.message is not None else self.__class__.__name__


class Invalid(DomainError):
    status = 400


class NotAllowed(DomainError):
    status = 403


class Missing(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Stale(Conflict):
    pass


def wants_json() -> bool:
    return (request.is_json or request.headers.get("X-Requested-With") == "XMLHttpRequest"
            or request.accept_mimetypes.best == "application/json")


def _is_form_post() -> bool:
    return request.method == "POST" and bool(request.form or request.files)


def _page_the_form_was_on(exc: DomainError) -> str:
    if exc.back_url:
        return exc.back_url
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        page = _nearest_page(referrer.path)  # a page that only answers a post is not shown again
        if page == referrer.path and referrer.query:
            page += f"?{referrer.query}"
        return local_path(page, request.path)
    return _nearest_page(request.path)


def _nearest_page(path: str) -> str:
    """The form's own address if it shows a page (most forms post to the page that shows them),
    else the nearest one above it: /desk/manuscripts/5/move -> /desk/manuscripts/5."""
    adapter = current_app.url_map.bind(request.host)
    while path not in ("", "/"):
        try:
            adapter.match(path, method="GET")
            return path
        except RequestRedirect as moved:  # e.g. the same page with a trailing slash
            return urlsplit(moved.new_url).path
        except HTTPException:
            path = path.rsplit("/", 1)[0]
    return "/"


def answer(exc: DomainError):
    from core.extensions import db

    db.session.rollback()
    message = str(exc.message) if exc.message is not None else None
    if wants_json():
        return jsonify(error=message or "", status=exc.status), exc.status
    if _is_form_post() and exc.status not in (403, 404) and message:
        flash(message, exc.category)
        return redirect(_page_the_form_was_on(exc), 303)
    return render_error(exc.status, message)


def init_app(app: Flask) -> None:
    app.register_error_handler(DomainError, answer)
