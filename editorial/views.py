"""The editors' desk: queues with counts, filters and search; the manuscript console with the
panels packages register (submission.console) and the moves the state machine allows now."""

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from accounts.policy import permission_required
from core.clock import journal_tz
from core.generations import GenerationCache
from core.inputs import parse_id
from core.letterbox import emails_about
from editorial.freshness import DESK_GENERATION, reads
from editorial.queues import (
    QUEUE_KEYS,
    QUEUES,
    Filters,
    decision_due_cutoff,
    listed,
    queue_counts,
    queue_page,
    search_page,
    submission_years,
)
from journal.models import active_columns
from submission import compliance, services
from submission.access import load_manuscript
from submission.console import MARKERS, markers_for, render_panels, unclaimed_moves
from submission.forms import MoveForm
from submission.timeline import editor_timeline
from submission.workflow import Action

bp = Blueprint("editorial", __name__, url_prefix="/desk")


def _int(name: str) -> int | None:
    """A filter id from the query string; a malformed or out-of-range one is ignored."""
    return parse_id(request.args.get(name))


@bp.get("/")
@permission_required("editorial.desk")
def desk():
    q = request.args.get("q", "").strip()[:100]
    # A search looks in every queue (each queue's tab counts its matches) unless a tab is chosen.
    queue = request.args.get("queue") or ("all" if q else "new")
    filters = Filters(queue=queue if queue in QUEUE_KEYS else "new", column_id=_int("column"),
                      year=_int("year"), q=q)
    if filters.q:  # the search runs every time; the table of the rows it found is kept
        counts, ids, cursor = search_page(filters, before_id=_int("before"))
        table = kept_table((filters, tuple(ids), cursor),
                           lambda: render_table(filters, listed(ids), cursor))
    else:
        counts, table = queue_counts(filters), queue_table(filters, _int("before"))
    return render_template("editorial/desk.html", queues=QUEUES, counts=counts,
                           filters=filters, table=table,
                           columns=active_columns(), years=submission_years())


# A page of a queue (or the rows a search found) is the same for every editor: each web
# process renders it once per desk generation (a change to anything it shows starts a new
# one), language and time zone (its dates are the journal's calendar days).
_tables = GenerationCache(DESK_GENERATION)


def kept_table(key: tuple, render) -> Markup:
    """The table `key` names, rendered once per generation, language and time zone."""
    return _tables.get((str(get_locale()), str(journal_tz()), *key), render)


def queue_table(filters: Filters, before_id: int | None) -> Markup:
    return kept_table((filters, before_id, decision_due_cutoff()),
                      lambda: render_table(filters, *queue_page(filters, before_id=before_id)))


def render_table(filters: Filters, manuscripts: list, next_cursor: int | None) -> Markup:
    markers = markers_for([m.id for m in manuscripts])
    # (the template alone: the page's context processors have run for the page already)
    template = current_app.jinja_env.get_template("editorial/_queue_table.html")
    return Markup(template.render(filters=filters, manuscripts=manuscripts,  # noqa: S704
                                  next_cursor=next_cursor, markers=markers))


@bp.get("/manuscripts/<int:manuscript_id>")
@permission_required("editorial.desk")
def console(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.manage")
    return render_template(
        "editorial/console.html", manuscript=manuscript,
        # Panels are our own autoescaped templates, rendered here so each gets its context.
        panels=[Markup(render_template(template, **context))  # noqa: S704
                for template, context in render_panels(manuscript, current_user)],
        moves=unclaimed_moves(manuscript, current_user),
        letters=emails_about(current_user, "manuscript", manuscript.id),
        timeline=editor_timeline(manuscript, current_user),
        report=manuscript.compliance_report, describe=compliance.describe,
    )


@bp.post("/manuscripts/<int:manuscript_id>/move")
@permission_required("editorial.desk")
def move(manuscript_id: int):
    # Asked before the form is read; move_manuscript trusts its caller for manuscript.manage.
    manuscript = load_manuscript(manuscript_id, "manuscript.manage")
    form = MoveForm()
    if not form.validate_on_submit() or form.action.data not in {a.value for a in Action}:
        abort(400)
    action = Action(form.action.data)
    services.move_manuscript(manuscript, action, current_user, note=form.note.data or "",
                             expected_version=form.expected_version.data)
    flash(_("Done: %(action)s (%(number)s).", action=action.title, number=manuscript.number),
          "success")
    return redirect(url_for(".console", manuscript_id=manuscript.id))


def init_app(app: Flask) -> None:
    from editorial import home  # noqa: F401 - registers the desk as the editors' home

    # (the packages' markers have registered by now: the desk is the last blueprint)
    for marker in MARKERS:
        reads(*marker.reads)
    app.register_blueprint(bp)
