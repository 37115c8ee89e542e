"""Friendly error pages in the user's language (404, 403, 409, 413, 429, 500, CSRF), and a
400 with a message for a JSON body that is not an object."""

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


def too_large():
    """An upload over the server's limit never reaches a view: say the journal's limit and
    lead back to the page the form was on (a form posts to its own page)."""
    from journal.models import get_journal

    limit_mb = get_journal().max_file_mb
    server_mb = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 2**20
    if server_mb:
        limit_mb = min(limit_mb, server_mb)
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
        from journal.extensions import db

        db.session.rollback()
        return render_error(500)
