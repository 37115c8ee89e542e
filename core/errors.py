"""Friendly error pages in the user's language (404, 403, 409, 413, 429, 500, CSRF), and a
400 with a message for a JSON body that is not an object."""

from collections.abc import Callable

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: lambda: _("The request could not be understood."),
    403: lambda: _("You do not have permission to see this page."),
    404: lambda: _("The page you asked for does not exist."),
    405: lambda: _("This address does not accept that kind of request."),
    409: lambda: _("This action is not possible in the current state."),
    413: lambda: _("The file is too large. Please upload a smaller file."),
    429: lambda: _("Too many attempts. Please wait a moment and try again."),
    500: lambda: _("Something went wrong on our side. Your data is safe; please try again."),
}


def unreadable_json() -> str:
    return _("The request could not be read and nothing was saved. Please reload the page "
             "and try again.")


def render_error(code: int, message: str | None = None, back_url: str | None = None):
    text = message or MESSAGES.get(code, MESSAGES[500])()
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return jsonify(error=text, status=code), code
    return render_template("errors/error.html", code=code, message=text,
                           back_url=back_url), code


def _no_upload_limit_setting() -> int:
    return 0


_upload_limit_setting: Callable[[], int] = _no_upload_limit_setting


def read_upload_limit_from(setting: Callable[[], int]) -> None:
    """The journal package says where its largest accepted file (MB) is kept."""
    global _upload_limit_setting
    _upload_limit_setting = setting


def too_large():
    """An upload over the server's limit never reaches a view: say the journal's limit and
    lead back to the page the form was on (a form posts to its own page)."""
    server_mb = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 2**20
    limit_mb = min((mb for mb in (_upload_limit_setting(), server_mb) if mb), default=0)
    message = _("The file is larger than %(mb)s MB, the largest file the journal accepts. "
                "Nothing was saved. Please go back and choose a smaller file (for example, "
                "compress the pictures in your Word file).", mb=limit_mb)
    back = request.path if request.method == "POST" else None
    return render_error(413, message, back_url=back)


def init_app(app: Flask) -> None:
    @app.before_request
    def json_body_is_an_object():
        """A JSON body is read as a form's fields (Flask-WTF) or an endpoint's object: any
        other JSON (a list, a number) or a malformed one is refused here, not a crash later."""
        if request.method != "GET" and request.is_json and \
                not isinstance(request.get_json(silent=True), dict):
            return jsonify(error=unreadable_json(), status=400), 400

    @app.errorhandler(CSRFError)
    def csrf_error(_exc):
        return render_error(
            400,
            _("This form has expired or was sent twice. Nothing was saved; "
              "please go back, reload the page and submit again."),
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code == 413:
            return too_large()
        return render_error(exc.code or 500)

    @app.errorhandler(Exception)
    def unhandled(exc: Exception):
        app.logger.exception("unhandled error")
        from core.extensions import db

        db.session.rollback()
        return render_error(500)
