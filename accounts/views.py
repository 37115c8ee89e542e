"""Log in, log out, register."""

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from accounts.forms import LoginForm, RegisterForm
from accounts.services import AccountError, authenticate, register_user
from journal.extensions import db, login_manager
from journal.i18n import current_locale

bp = Blueprint("accounts", __name__, url_prefix="/account")


def safe_next(default: str) -> str:
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Wrong email or password."), "error")
        else:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next(url_for("journal.home")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You have logged out."), "success")
    return redirect(url_for("journal.home"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = register_user(
                email=form.email.data, password=form.password.data, name=form.name.data,
                name_pinyin=form.name_pinyin.data or "", affiliation=form.affiliation.data or "",
                orcid=form.orcid.data or "", locale=current_locale(),
            )
        except AccountError as exc:
            form.email.errors.append(str(exc.message))
        else:
            db.session.commit()
            login_user(user)
            flash(_("Welcome! Your account has been created."), "success")
            return redirect(url_for("journal.home"))
    return render_template("accounts/register.html", form=form)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @login_manager.unauthorized_handler
    def unauthorized():
        flash(_("Please log in to continue."), "info")
        return redirect(url_for("accounts.login", next=request.full_path
                                if current_user.is_anonymous else None))
