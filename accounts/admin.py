"""Administration pages: people and roles, and the mail outbox. Every page asks the policy;
every change goes through a service."""

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from accounts import admin_services as services
from accounts.access import load_mail, load_user
from accounts.admin_forms import (
    UserRolesForm,
)
from accounts.models import Role
from accounts.policy import permission_required
from core.extensions import db
from core.outbox import MAX_ATTEMPTS, MailState, OutboxEmail

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@permission_required("admin.enter")
def index():
    return render_template("accounts/admin/index.html")


@bp.get("/users")
@permission_required("admin.manage")
def users():
    query = request.args.get("q", "")
    return render_template("accounts/admin/users.html", users=services.search_users(query),
                           query=query)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required("admin.manage")
def user(user_id: int):
    person = load_user(user_id)
    form = UserRolesForm(data={"roles": [r.value for r in person.roles], "active": person.active})
    if form.validate_on_submit():
        services.set_roles(person, {Role(r) for r in form.roles.data}, form.active.data,
                           actor=current_user)
        flash(_("The roles of %(name)s have been saved.", name=person.name), "success")
        return redirect(url_for("admin.users", q=person.email))
    return render_template("accounts/admin/user.html", person=person, form=form)


@bp.get("/outbox")
@permission_required("admin.manage")
def outbox():
    state = request.args.get("state", "")
    stmt = select(OutboxEmail).order_by(OutboxEmail.id.desc())
    if state:
        stmt = stmt.where(OutboxEmail.state == state)
    mails = db.paginate(stmt, per_page=50, error_out=False)
    return render_template("accounts/admin/outbox.html", mails=mails, state=state,
                           states=[MailState.PENDING, MailState.SENDING, MailState.SENT,
                                   MailState.FAILED], max_attempts=MAX_ATTEMPTS)


@bp.post("/outbox/<int:mail_id>/retry")
@login_required  # the service asks the policy
def retry_mail(mail_id: int):
    row = load_mail(mail_id)
    services.retry_mail(row, actor=current_user)
    flash(_("The mail to %(to)s will be sent again now.", to=row.to_addr), "success")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("admin.outbox"))


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


