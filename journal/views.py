"""Public pages of the journal shell: home, the six guideline pages, language switch, health."""

from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
)
from flask import session as http_session
from flask_login import current_user, login_required
from sqlalchemy import text

from core import clock, errors
from core.extensions import db
from core.i18n import DEFAULT_LOCALE, current_locale, normalise_locale
from core.jobs import JOB_KINDS
from core.markup import render_markdown
from core.redirects import local_path
from journal.access import load_job, load_page
from journal.guidance import with_settings
from journal.models import active_columns, get_journal, guideline_pages

bp = Blueprint("journal", __name__)


@bp.app_context_processor
def journal_context():
    def has_endpoint(name: str) -> bool:
        return name in current_app.view_functions

    return {"journal": get_journal(), "nav_pages": guideline_pages(), "has_endpoint": has_endpoint,
            "archive_url": archive_url()}


def archive_url() -> str | None:
    """Past issues, as the static pages link them: the built archive, or (before the first
    build) the app's list of the latest articles."""
    if (Path(current_app.config["SITE_DIR"]) / "archive" / "index.html").is_file():
        return "/archive/"
    if "publishing.reading_guide" in current_app.view_functions:
        # (also rendered outside a request, e.g. for mail: build the path without one)
        return current_app.url_map.bind("localhost").build("publishing.reading_guide")
    return None


@bp.get("/")
def home():
    return render_template("journal/home.html", columns=active_columns())


@bp.get("/pages/<slug>")
def page(slug: str):
    page = load_page(slug)
    lang = "en" if current_locale() == "en" and page.body_en else "zh"
    body = with_settings(page.body_en if lang == "en" else page.body_zh, lang, slug)
    return render_template("journal/page.html", page=page, render_markdown=render_markdown,
                           body=body, columns=active_columns() if slug == "columns" else [])


@bp.get("/lang/<code>")
def set_language(code: str):
    """A link (or the static site's switch) sets the language of this browser only: a GET
    never changes stored data."""
    http_session["lang"] = normalise_locale(code) or DEFAULT_LOCALE
    return redirect(local_path(request.args.get("next"), "/"))


@bp.post("/lang/<code>")
def choose_language(code: str):
    """The language menu (a form, with CSRF): a signed-in person's choice is stored in their
    profile and follows them to every browser; a visitor's is kept for this browser."""
    locale = normalise_locale(code) or DEFAULT_LOCALE
    if current_user.is_authenticated:
        current_user.locale = locale
        http_session.pop("lang", None)  # the stored preference speaks from now on
    else:
        http_session["lang"] = locale
    return redirect(local_path(request.form.get("next"), "/"))


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on every site, the static public pages included."""
    icon = Path(current_app.static_folder, "favicon.ico").read_bytes()
    return icon, 200, {"Content-Type": "image/vnd.microsoft.icon",
                       "Cache-Control": "public, max-age=86400"}


@bp.get("/jobs/<int:job_id>")
@login_required
def job_status(job_id: int):
    """How far a piece of background work is (the page that started it polls this)."""
    response = jsonify(load_job(job_id).as_json())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/jobs/<int:job_id>/retry")
@login_required
def retry_job(job_id: int):
    job = load_job(job_id, "job.retry")
    again = JOB_KINDS[job.kind].retry(job, current_user)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(again.as_json()), 202
    return redirect(local_path(request.form.get("next"), "/"), 303)


@bp.get("/healthz")
def healthz():
    checks = {"database": _check_database, "broker": _check_broker, "storage": _check_storage}
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:
            results[name] = f"error: {exc.__class__.__name__}: {exc}"[:300]
    failing = [name for name, result in results.items() if result != "ok"]
    body = {"status": "ok" if not failing else "error", "checks": results, "failing": failing}
    return jsonify(body), 200 if not failing else 503


def _check_database() -> None:
    db.session.execute(text("SELECT 1"))


def _check_broker() -> None:
    celery = current_app.extensions["celery"]
    with celery.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _check_storage() -> None:
    for key in ("UPLOAD_DIR", "MAIL_DIR", "SITE_DIR"):
        folder = Path(current_app.config[key])
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".healthz"
        probe.write_text("ok")
        probe.unlink()


def init_app(app: Flask) -> None:
    from journal import demo  # noqa: F401 - registers the journal's part of the demo

    app.register_blueprint(bp)
    clock.read_zone_from(lambda: get_journal().time_zone)
    errors.read_upload_limit_from(lambda: get_journal().max_file_mb)
