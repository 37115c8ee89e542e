"""Log in and out, register, confirm the email address, reset the password, the profile."""

from flask import (
    Blueprint,
    Flask,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from accounts import services
from accounts.forms import LoginForm, ProfileForm, RegisterForm, ResetPasswordForm, ResetRequestForm
from accounts.policy import can
from accounts.tokens import RESET, max_age
from journal.extensions import db, limiter, login_manager
from journal.i18n import current_locale

bp = Blueprint("accounts", __name__, url_prefix="/account")

LOGIN_LIMIT = "10 per 5 minutes"  # per address, POSTs only: a typo or two never trips it


def safe_next(default: str) -> str:
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.AccountError as exc:
            db.session.commit()  # a resent confirmation link is in the outbox
            flash(str(exc.message), "error")
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
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(
                email=form.email.data, password=form.password.data, name=form.name.data,
                name_pinyin=form.name_pinyin.data or "", affiliation=form.affiliation.data or "",
                orcid=form.orcid.data or "", locale=current_locale(),
            )
        except services.AccountError as exc:
            form.email.errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Your account has been created. We have sent a confirmation link to "
                    "%(email)s; open it to activate your account.", email=user.email), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form)


@bp.get("/pinyin")
def pinyin():
    """The Hanyu Pinyin suggested for a name (the registration form asks as you type)."""
    return jsonify(pinyin=services.suggest_pinyin(request.args.get("name", "")[:100]))


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    try:
        services.confirm_email(token)
    except services.AccountError as exc:
        return render_template("accounts/link_problem.html", message=str(exc.message)), 400
    db.session.commit()
    flash(_("Thank you, your email address is confirmed. You can log in now."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("If an account exists for %(email)s, we have sent it a link to choose a new "
                "password. The link works once and expires in %(hours)s hours.",
                email=form.email.data,
                hours=max_age(RESET) // 3600), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.check_reset_token(token)
    except services.AccountError as exc:
        return render_template("accounts/link_problem.html", message=str(exc.message)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        db.session.commit()
        flash(_("Your new password is set. Please log in."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, actor=current_user, **{
            name: form[name].data or "" for name in
            ("name", "name_pinyin", "affiliation", "orcid", "locale", "expertise")})
        db.session.commit()
        session.pop("lang", None)  # the language just saved speaks, not an earlier link's
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    app.jinja_env.globals["can"] = lambda permission, obj=None: can(current_user, permission, obj)

    @login_manager.unauthorized_handler
    def unauthorized():
        flash(_("Please log in to continue."), "info")
        return redirect(url_for("accounts.login", next=request.full_path
                                if current_user.is_anonymous else None))
