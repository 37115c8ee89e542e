"""The co-author's link (confirm, decline, or register and confirm) and the submitter's
"send the link again". The rules are in submission.authorship; these views call one service,
flash and redirect (the request commits; a refused link is answered by the one handler)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.i18n import current_locale
from submission import authorship
from submission.access import load_manuscript
from submission.blueprint import bp
from submission.forms import AuthorshipRegisterForm


def _register_form(author) -> AuthorshipRegisterForm:
    form = AuthorshipRegisterForm()
    form.email.data = author.email  # the address mailed, whatever was posted
    return form


@bp.get("/authorship/<token>")
def authorship_link(token: str):
    author = authorship.open_link(token, current_user)
    return render_template("submission/authorship.html", author=author, token=token,
                           manuscript=author.manuscript, form=_register_form(author))


@bp.post("/authorship/<token>/confirm")
def confirm_authorship(token: str):
    if not current_user.is_authenticated:
        authorship.open_link(token, current_user)  # a dead link says so before the login
        flash(_("Please log in with your account for this address, then confirm."), "info")
        return redirect(url_for("accounts.login",
                                next=url_for(".authorship_link", token=token)))
    author = authorship.confirm_authorship(token, current_user)
    flash(_("Thank you: you are now listed as a confirmed author of this manuscript."),
          "success")
    return redirect(url_for(".detail", manuscript_id=author.manuscript_id))


@bp.post("/authorship/<token>/decline")
def decline_authorship(token: str):
    authorship.decline_authorship(token, current_user)
    flash(_("Thank you. The submitting author and the editorial office have been told that you "
            "are not an author of this paper."), "success")
    return redirect(url_for("journal.home"))


@bp.post("/authorship/<token>/register")
def register_through_link(token: str):
    author = authorship.open_link(token, current_user)
    form = _register_form(author)
    if not form.validate_on_submit():
        return render_template("submission/authorship.html", author=author, token=token,
                               manuscript=author.manuscript, form=form), 400
    authorship.register_and_confirm(
        token, current_user, password=form.password.data, name=form.name.data,
        name_pinyin=form.name_pinyin.data or "", affiliation=form.affiliation.data or "",
        orcid=form.orcid.data or "", locale=current_locale())
    flash(_("Your account has been created and your authorship confirmed. Please log in with "
            "your new password."), "success")
    return redirect(url_for("accounts.login",
                            next=url_for(".detail", manuscript_id=author.manuscript_id)))


@bp.post("/manuscripts/<int:manuscript_id>/authors/<int:author_id>/resend")
@login_required
def resend_authorship_link(manuscript_id: int, author_id: int):
    manuscript = load_manuscript(manuscript_id)  # the service asks to edit it
    author = authorship.resend_link(manuscript, current_user, author_id)
    flash(_("A new confirmation link has been sent to %(email)s.", email=author.email),
          "success")
    return redirect(url_for(".detail", manuscript_id=manuscript.id))
