"""Log in and out, register, confirm the email address, reset the password, the profile."""

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as http_session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user, user_logged_in
from flask_login.config import COOKIE_NAME

from accounts import homes, services, throttle
from accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from accounts.models import session_id
from accounts.policy import can
from accounts.tokens import RESET, max_age
from core.extensions import db, limiter, login_manager
from core.i18n import current_locale, normalise_locale
from core.redirects import local_path

bp = Blueprint("accounts", __name__, url_prefix="/account")

# Registrations and reset requests (each sends a mail) per address, POSTs only. Logins count
# failed attempts instead (accounts/throttle.py): an office never locks itself out.
MAILING_FORM_LIMIT = "20 per 10 minutes"


def safe_next(default: str) -> str:
    return local_path(request.args.get("next"), default)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        guard = throttle.current()
        refusal = guard.refusal(form.email.data) if guard else None
        if refusal:
            flash(refusal, "error")
            return render_template("accounts/login.html", form=form), 429
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.AccountError as exc:
            db.session.commit()  # a resent confirmation link is in the outbox
            if guard and exc.message is services.WRONG_CREDENTIALS:
                guard.failed(form.email.data)
            flash(str(exc.message), "error")
        else:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            if guard:
                guard.succeeded(form.email.data)
            # an explicit, safe next= wins; otherwise the page of this person's newest work
            return redirect(safe_next(homes.home_url(user)))
    return render_template("accounts/login.html", form=form)


@bp.get("/whoami")
def whoami():
    """Who is signed in, for the static pages' script: their name and their links, in the
    page's language. The pages themselves stay the same for everybody (and cacheable); this
    small answer is never cached and holds nothing secret."""
    lang = normalise_locale(request.args.get("lang", "")) or current_locale()
    if not current_user.is_authenticated:
        body = {"signed_in": False}
    else:
        with force_locale(lang):
            body = {"signed_in": True, "name": current_user.name,
                    "links": homes.account_links(current_user)}
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Cookie"
    return response


@bp.post("/logout")
@login_required
def logout():
    services.log_out_everywhere(current_user, actor=current_user)
    logout_user()
    db.session.commit()
    flash(_("You have logged out."), "success")
    return redirect(url_for("journal.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(MAILING_FORM_LIMIT, methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        services.register_or_notify(
            email=form.email.data, password=form.password.data, name=form.name.data,
            name_pinyin=form.name_pinyin.data or "", affiliation=form.affiliation.data or "",
            orcid=form.orcid.data or "", locale=current_locale(),
        )
        db.session.commit()
        # The same answer whether the address is new or already has an account.
        flash(_("Thank you. We have sent a message to %(email)s: open the confirmation link in "
                "it to activate your account. If nothing arrives within a few minutes, look in "
                "your spam folder.", email=form.email.data.strip()), "success")
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
@limiter.limit(MAILING_FORM_LIMIT, methods=["POST"])
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


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        guard = throttle.current()  # a stolen session must not guess the password either
        refusal = guard.refusal(current_user.email) if guard else None
        if refusal:
            flash(refusal, "error")
            return render_template("accounts/change_password.html", form=form), 429
        try:
            services.change_password(current_user, actor=current_user,
                                     current=form.current_password.data, new=form.password.data)
        except services.AccountError as exc:
            if guard:
                guard.failed(current_user.email)
            form.current_password.errors.append(str(exc.message))
        else:
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME",
                                                COOKIE_NAME) in request.cookies
            login_user(current_user._get_current_object(), remember=remembered)  # stays in
            db.session.commit()
            flash(_("Your new password is set. Every other computer where you were logged in "
                    "has been logged out."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, actor=current_user, **{
            name: form[name].data or "" for name in
            ("name", "name_pinyin", "affiliation", "orcid", "locale", "expertise")})
        db.session.commit()
        http_session.pop("lang", None)  # the language just saved speaks, not an earlier link's
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


def stamp_session(_app, user, **_extra) -> None:
    """Every login (here or elsewhere) keeps the account's session token and the login time in
    the session, and so in the remember cookie (accounts.models.load_user checks both)."""
    http_session["_user_id"] = session_id(user)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    throttle.init_app(app)
    user_logged_in.connect(stamp_session, app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    app.jinja_env.globals["can"] = lambda permission, obj=None: can(current_user, permission, obj)

    @login_manager.unauthorized_handler
    def unauthorized():
        flash(_("Please log in to continue."), "info")
        return redirect(url_for("accounts.login", next=request.full_path
                                if current_user.is_anonymous else None))
