"""Editors' publishing pages (issues, scheduling, production files, final metadata, publish),
the public search, and the wiring of the static site into the app."""

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from accounts.policy import permission_required
from core.extensions import csrf, db
from core.jobs import latest_job
from journal.models import get_journal
from publishing import checks, deposits, exports, forms, oai, services
from publishing.access import (
    VIEW,
    chosen_issue,
    chosen_manuscript,
    load_article,
    load_batch,
    load_deposit,
    load_issue,
    load_manuscript,
)
from publishing.models import Article, Issue, IssueState
from publishing.preview import preview_pages
from publishing.search import search
from publishing.serving import SiteServer
from publishing.tasks import SITE_BUILD

bp = Blueprint("publishing", __name__)


def _back(article: Article):
    if article.issue_id:
        return redirect(url_for(".issue", issue_id=article.issue_id))
    return redirect(url_for(".article", article_id=article.id))


@bp.route("/editor/issues", methods=["GET", "POST"])
@permission_required(VIEW)
def issues():
    form = forms.IssueForm(data=services.suggest_next_issue())
    if form.validate_on_submit():
        issue = services.create_issue(current_user, year=form.year.data,
                                      number=form.number.data, volume=form.volume.data,
                                      publication_date=form.publication_date.data,
                                      title_zh=form.title_zh.data, title_en=form.title_en.data)
        flash(_("Issue created."), "success")
        return redirect(url_for(".issue", issue_id=issue.id))
    rows = db.session.scalars(select(Issue).order_by(Issue.year.desc(), Issue.number.desc()))
    return render_template("publishing/issues.html", issues=list(rows), form=form,
                           per_year=get_journal().issues_per_year)


@bp.get("/editor/issues/<int:issue_id>")
@login_required
def issue(issue_id: int):
    issue = load_issue(issue_id)
    schedule_form = forms.ScheduleForm()
    schedule_form.manuscript_id.choices = [
        (m.id, f"{m.number or m.id} · {m.display_title}")
        for m in services.schedulable_manuscripts()]
    edit_form = forms.IssueEditForm(obj=issue)
    return render_template(
        "publishing/issue.html", issue=issue, schedule_form=schedule_form, edit_form=edit_form,
        cover_form=forms.CoverForm(), confirm=forms.ConfirmForm(),
        publish_form=forms.PublishForm(),
        problems=checks.readiness(issue) if not issue.is_published else [],
        date_problems=checks.date_problems(issue) if not issue.is_published else [],
        arrange_forms={a.id: forms.ArrangeForm(obj=a, prefix=f"a{a.id}")
                       for a in issue.articles},
        build=latest_job(SITE_BUILD, ("issue", issue.id)))


@bp.post("/editor/issues/<int:issue_id>/edit")
@login_required
def edit_issue(issue_id: int):
    issue, form = load_issue(issue_id), forms.IssueEditForm()
    if form.validate_on_submit():
        services.update_issue(issue, current_user, title_zh=form.title_zh.data,
                              title_en=form.title_en.data,
                              publication_date=form.publication_date.data)
        flash(_("Issue saved."), "success")
    return redirect(url_for(".issue", issue_id=issue_id))


@bp.post("/editor/issues/<int:issue_id>/cover")
@login_required
def upload_cover(issue_id: int):
    issue, form = load_issue(issue_id), forms.CoverForm()
    if form.validate_on_submit():
        services.set_issue_cover(issue, current_user, form.cover.data.read())
        flash(_("Cover uploaded."), "success")
    return redirect(url_for(".issue", issue_id=issue_id))


@bp.post("/editor/issues/<int:issue_id>/schedule")
@login_required
def schedule(issue_id: int):
    issue = load_issue(issue_id)
    services.schedule(chosen_manuscript(request.form.get("manuscript_id")), issue, current_user)
    flash(_("The manuscript is scheduled into this issue."), "success")
    return redirect(url_for(".issue", issue_id=issue_id))


@bp.post("/editor/manuscripts/<int:manuscript_id>/schedule")
@login_required
def schedule_manuscript(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id)
    issue = chosen_issue(request.form.get("issue_id"))
    services.schedule(manuscript, issue, current_user)
    flash(_("The manuscript is scheduled into this issue."), "success")
    return redirect(url_for(".issue", issue_id=issue.id))


@bp.post("/editor/issues/<int:issue_id>/publish")
@login_required
def publish(issue_id: int):
    issue, form = load_issue(issue_id), forms.PublishForm()
    if form.validate_on_submit():
        changed = services.publish_issue(issue, current_user,
                                         date_override=form.date_override.data or "")
        flash(_("The issue is published; its pages are being built.") if changed
              else _("This issue was already published; nothing changed."), "success")
    return redirect(url_for(".issue", issue_id=issue_id))


@bp.get("/editor/issues/<int:issue_id>/preview/")
@bp.get("/editor/issues/<int:issue_id>/preview/<path:path>")
@login_required
def preview(issue_id: int, path: str = ""):
    """The issue's public pages as they will look once published (not yet public)."""
    pages = preview_pages(load_issue(issue_id), url_for(".preview", issue_id=issue_id))
    page = pages.get(path or next(iter(pages)))
    if page is None:
        abort(404)
    return page, 200, {"Content-Type": "text/html; charset=utf-8",
                       "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@bp.post("/editor/articles/<int:article_id>/arrange")
@login_required
def arrange(article_id: int):
    article = load_article(article_id)
    form = forms.ArrangeForm(prefix=f"a{article.id}")
    if not form.validate_on_submit():
        flash(_("Give the order and the pages as whole numbers."), "error")
    else:
        services.arrange(article, current_user, position=form.position.data,
                         page_start=form.page_start.data, page_end=form.page_end.data)
        flash(_("Order and pages saved."), "success")
    return _back(article)


@bp.post("/editor/articles/<int:article_id>/unschedule")
@login_required
def unschedule(article_id: int):
    article = load_article(article_id)
    issue_id = article.issue_id
    if forms.ConfirmForm().validate_on_submit():
        services.unschedule(article, current_user)
        flash(_("The article was removed from the issue."), "success")
    return redirect(url_for(".issue", issue_id=issue_id) if issue_id else url_for(".issues"))


@bp.route("/editor/articles/<int:article_id>", methods=["GET", "POST"])
@login_required
def article(article_id: int):
    article = load_article(article_id)
    form = forms.MetadataForm(published=article.is_published, data={
        **{f: getattr(article, f) for f in ("title_zh", "title_en", "abstract_zh",
                                            "abstract_en", "clc_number", "document_code",
                                            "funding")},
        "authors": forms.format_authors(article.authors),
        "keywords_zh": "；".join(article.keywords_zh or []),
        "keywords_en": "; ".join(article.keywords_en or [])})
    if form.validate_on_submit():
        fields = {f: (form[f].data or "").strip() for f in ("title_zh", "title_en", "abstract_zh",
                                                    "abstract_en", "clc_number",
                                                    "document_code", "funding")}
        fields |= {"authors": forms.parse_authors(form.authors.data),
                   "keywords_zh": forms.split_keywords(form.keywords_zh.data),
                   "keywords_en": forms.split_keywords(form.keywords_en.data)}
        services.update_metadata(article, current_user, fields, note_zh=form.note_zh.data,
                                 note_en=form.note_en.data)
        flash(_("Metadata saved."), "success")
        return redirect(url_for(".article", article_id=article.id))
    return render_template("publishing/article.html", article=article, form=form,
                           final_form=forms.FinalFileForm(), galley_form=forms.GalleyForm(),
                           correction_form=forms.CorrectionForm(),
                           missing=checks.missing_items(article))


@bp.post("/editor/articles/<int:article_id>/final")
@login_required
def upload_final(article_id: int):
    article, form = load_article(article_id), forms.FinalFileForm()
    if form.validate_on_submit():
        messages = services.attach_final(article, current_user, form.file.data.read(),
                                         form.file.data.filename or "final.docx",
                                         note_zh=form.note_zh.data, note_en=form.note_en.data)
        flash(_("Final manuscript stored and its full text converted."), "success")
        for message in messages:
            flash(_("Conversion note: %(message)s", message=message), "warning")
    return redirect(url_for(".article", article_id=article_id))


@bp.post("/editor/articles/<int:article_id>/galley")
@login_required
def upload_galley(article_id: int):
    article, form = load_article(article_id), forms.GalleyForm()
    if form.validate_on_submit():
        services.attach_galley(article, current_user, form.file.data.read(),
                               form.file.data.filename or "galley.pdf")
        flash(_("PDF galley stored."), "success")
    return redirect(url_for(".article", article_id=article_id))


@bp.post("/editor/articles/<int:article_id>/correction")
@login_required
def add_correction(article_id: int):
    article, form = load_article(article_id), forms.CorrectionForm()
    if not form.validate_on_submit():
        flash(_("Write the correction note."), "error")
    else:
        services.add_correction(article, current_user, form.note_zh.data, form.note_en.data)
        flash(_("Correction note added; the page is being updated."), "success")
    return redirect(url_for(".article", article_id=article_id))


@bp.get("/editor/deposits")
@permission_required(VIEW)
def deposit_list():
    return render_template("publishing/deposits.html", deposits=deposits.listing(),
                           enabled=deposits.enabled(), confirm=forms.ConfirmForm())


@bp.post("/editor/deposits/<int:deposit_id>/resend")
@login_required
def resend_deposit(deposit_id: int):
    deposit = load_deposit(deposit_id)
    if forms.ConfirmForm().validate_on_submit():
        deposits.resend(deposit, current_user)
        flash(_("The deposit will be sent to Crossref again."), "success")
    return redirect(url_for(".deposit_list"))


@bp.get("/editor/years/<int:year>")
@permission_required(VIEW)
def year(year: int):
    """A year's issues and the exports of the year and of each published issue."""
    return render_template("publishing/year.html", year=year,
                           issues=exports.year_issues(year, current_user))


def _download(export: exports.ExportFile) -> Response:
    return Response(export.data, mimetype=export.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{export.filename}"'})


@bp.get("/editor/issues/<int:issue_id>/doaj.xml")
@bp.get("/editor/years/<int:year>/doaj.xml")
@login_required
def doaj_export(issue_id: int | None = None, year: int | None = None):
    """DOAJ's article XML of a published issue or of a year."""
    return _download(exports.doaj_file(load_batch(issue_id, year)))


@bp.get("/editor/issues/<int:issue_id>/metadata.zip")
@bp.get("/editor/years/<int:year>/metadata.zip")
@login_required
def metadata_export(issue_id: int | None = None, year: int | None = None):
    """The metadata workbook and the PDF galleys of a published issue or of a year."""
    return _download(exports.metadata_zip(load_batch(issue_id, year)))


@bp.get("/search")
def search_articles():
    query = request.args.get("q", "").strip()[:200]
    results = search(query) if query else []
    return render_template("publishing/search.html", query=query, results=results)


@bp.get("/qikandaodu/")
def reading_guide():
    latest = db.session.scalars(
        select(Article).where(Article.path.is_not(None))
        .order_by(Article.published_on.desc(), Article.id.desc()).limit(50))
    return render_template("publishing/search.html", query="", results=list(latest))


@bp.route("/oai", methods=["GET", "POST"])
@csrf.exempt
def oai_pmh():
    """OAI-PMH 2.0 for harvesters (publishing.oai); a POST carries the same arguments."""
    params = request.form if request.method == "POST" else request.args
    return Response(oai.respond(params), content_type="text/xml; charset=utf-8")


def init_app(app: Flask) -> None:
    from publishing import cli, console, demo, receivers  # noqa: F401 - registrations

    app.register_blueprint(bp)
    app.jinja_env.filters["issue_state"] = lambda state: IssueState(state).title
    cli.init_app(app)
    app.wsgi_app = SiteServer(app.wsgi_app, app.config["SITE_DIR"])
