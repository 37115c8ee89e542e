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
from core.extensions import limiter, login_manager
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
        answer = services.authenticate(form.email.data, form.password.data)
        if isinstance(answer, services.Refused):  # the form again; a resent link is kept
            flash(answer.message, "error")
            return render_template("accounts/login.html", form=form), answer.status
        login_user(answer, remember=form.remember.data)
        # an explicit, safe next= wins; otherwise the page of this person's newest work
        return redirect(safe_next(homes.home_url(answer)))
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
    services.confirm_email(token)
    flash(_("Thank you, your email address is confirmed. You can log in now."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(MAILING_FORM_LIMIT, methods=["POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If an account exists for %(email)s, we have sent it a link to choose a new "
                "password. The link works once and expires in %(hours)s hours.",
                email=form.email.data,
                hours=max_age(RESET) // 3600), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    services.check_reset_token(token)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        flash(_("Your new password is set. Please log in."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        refused = services.change_password(current_user, actor=current_user,
                                           current=form.current_password.data,
                                           new=form.password.data)
        if refused:
            form.current_password.errors.append(refused.message)
            return render_template("accounts/change_password.html", form=form), refused.status
        remembered = current_app.config.get("REMEMBER_COOKIE_NAME",
                                            COOKIE_NAME) in request.cookies
        login_user(current_user._get_current_object(), remember=remembered)  # stays in
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
