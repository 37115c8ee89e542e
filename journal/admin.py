"""The journal's administration pages: settings and review settings, the six guideline pages
with the submission rules, and the columns. Every view asks the policy; services change."""

from flask import Blueprint, Flask, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from accounts.policy import permission_required
from core.extensions import db
from core.markup import render_markdown
from journal import admin_services as services
from journal.access import load_column, load_page
from journal.admin_forms import (
    ColumnForm,
    DoiSettingsForm,
    GuidelinePageForm,
    JournalSettingsForm,
    ReviewSettingsForm,
    SubmissionRulesForm,
    day_list,
)
from journal.doi import example_doi
from journal.guidance import with_settings
from journal.models import Column, get_journal

bp = Blueprint("journal_admin", __name__, url_prefix="/admin")


def _values(form, fields) -> dict:
    return {name: form[name].data for name in fields if name in form}


def _settings_page(status: int = 200, **forms):
    """The settings page with its three forms: those given (with what was typed), the others
    as saved."""
    journal = get_journal()
    forms.setdefault("form", JournalSettingsForm(formdata=None, obj=journal))
    forms.setdefault("review", ReviewSettingsForm(formdata=None, obj=journal))
    forms.setdefault("doi", DoiSettingsForm(formdata=None, obj=journal))
    doi = forms["doi"]
    example = example_doi(doi.doi_prefix.data or "", doi.doi_suffix_pattern.data or "")
    return render_template("journal/admin/journal.html", example_doi=example, **forms), status


@bp.route("/journal", methods=["GET", "POST"])
@permission_required("admin.manage")
def journal_settings():
    journal = get_journal()
    form = JournalSettingsForm(obj=journal)
    if form.validate_on_submit():
        services.update_journal_settings(journal, _values(form, services.SETTINGS_FIELDS),
                                         actor=current_user)
        flash(_("The journal settings have been saved."), "success")
        return redirect(url_for("journal_admin.journal_settings"))
    return _settings_page(form=form)


@bp.post("/journal/review")
@permission_required("admin.manage")
def review_settings():
    journal = get_journal()
    form = ReviewSettingsForm()
    if not form.validate_on_submit():
        flash(_("The review settings were not saved; please correct the marked fields."),
              "error")
        return _settings_page(400, review=form)
    values = _values(form, services.REVIEW_FIELDS)
    for name in ("reminder_days_before", "reminder_days_after"):
        values[name] = ",".join(str(day) for day in day_list(values[name]))
    services.update_review_settings(journal, values, actor=current_user)
    flash(_("The review settings have been saved."), "success")
    return redirect(url_for("journal_admin.journal_settings"))


@bp.post("/journal/doi")
@permission_required("admin.manage")
def doi_settings():
    """Save the DOI settings, or (the preview button) show their example DOI unsaved."""
    form = DoiSettingsForm()
    if not form.validate_on_submit():
        flash(_("The DOI settings were not saved; please correct the marked fields."), "error")
        return _settings_page(400, doi=form)
    if form.preview.data:
        return _settings_page(doi=form)
    services.update_doi_settings(get_journal(), _values(form, services.DOI_FIELDS),
                                 actor=current_user)
    flash(_("The DOI settings have been saved."), "success")
    return redirect(url_for("journal_admin.journal_settings", _anchor="doi-settings"))


@bp.get("/pages")
@permission_required("journal.edit_pages")
def pages():
    return render_template("journal/admin/pages.html")


@bp.route("/pages/<slug>", methods=["GET", "POST"])
@permission_required("journal.edit_pages")
def edit_page(slug: str):
    page = load_page(slug)
    form = GuidelinePageForm(obj=page)
    if form.validate_on_submit() and not form.preview.data:
        services.update_guideline_page(page, _values(form, services.PAGE_FIELDS),
                                       actor=current_user)
        flash(_("The page has been saved and is now shown on the site."), "success")
        return redirect(url_for("journal.page", slug=page.slug))
    rules = _rules_form() if slug == "guidelines" else None
    return render_template("journal/admin/page_edit.html", page=page, form=form, rules=rules,
                           preview=form.preview.data, render_markdown=render_markdown,
                           with_settings=with_settings)


def _rules_form() -> SubmissionRulesForm:
    """The saved rules, also while the page text above is being previewed."""
    journal = get_journal()
    form = SubmissionRulesForm(formdata=None, obj=journal)
    form.allowed_file_types.data = journal.allowed_extensions
    return form


@bp.post("/rules")
@permission_required("journal.edit_pages")
def submission_rules():
    form = SubmissionRulesForm()
    if not form.validate_on_submit():
        page = load_page("guidelines")
        flash(_("The submission rules were not saved; please correct the marked fields."),
              "error")
        return render_template("journal/admin/page_edit.html", page=page, rules=form,
                               form=GuidelinePageForm(obj=page), preview=False,
                               render_markdown=render_markdown,
                               with_settings=with_settings), 400
    values = _values(form, services.RULE_FIELDS)
    values["allowed_file_types"] = ",".join(form.allowed_file_types.data)
    services.update_submission_rules(get_journal(), values, actor=current_user)
    flash(_("The submission rules have been saved; new submissions are checked against them."),
          "success")
    return redirect(url_for("journal_admin.edit_page", slug="guidelines"))


@bp.get("/columns")
@permission_required("journal.manage_columns")
def columns():
    rows = db.session.scalars(select(Column).order_by(Column.position, Column.id))
    return render_template("journal/admin/columns.html", columns=list(rows))


@bp.route("/columns/new", methods=["GET", "POST"], defaults={"column_id": None})
@bp.route("/columns/<int:column_id>", methods=["GET", "POST"])
@permission_required("journal.manage_columns")
def edit_column(column_id: int | None):
    column = load_column(column_id) if column_id else None
    form = ColumnForm(obj=column)
    if form.validate_on_submit():
        values = _values(form, services.COLUMN_FIELDS)
        values["position"] = values["position"] or 0
        column = services.save_column(column, values, actor=current_user)
        flash(_("The column has been saved."), "success")
        return redirect(url_for("journal_admin.columns"))
    return render_template("journal/admin/column_edit.html", column=column, form=form)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
