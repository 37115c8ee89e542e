"""Account and administration services against the database: the policy is asked every time."""

import pytest
import time_machine
from werkzeug.exceptions import Forbidden

from accounts import admin_services, services
from accounts.models import Role, User
from core.clock import utcnow
from core.extensions import db
from core.outbox import MailState, OutboxEmail
from journal import admin_services as journal_admin
from journal.models import get_journal
from tests.factories import make_column


@pytest.fixture
def people(app_ctx, make_user):
    ids = {name: make_user(email=f"{name}@example.org", roles=(name,))
           for name in ("author", "editor", "admin")}
    return {name: db.session.get(User, uid) for name, uid in ids.items()}


@pytest.mark.parametrize(("call", "allowed"), [
    (lambda p, actor: admin_services.set_roles(p["author"], {Role.REVIEWER}, True, actor=actor),
     {"admin"}),
    (lambda p, actor: journal_admin.update_journal_settings(get_journal(), {"issn": "1"},
                                                             actor=actor), {"admin"}),
    (lambda p, actor: journal_admin.update_submission_rules(get_journal(), {"keywords_max": 9},
                                                             actor=actor), {"editor", "admin"}),
    (lambda p, actor: journal_admin.save_column(None, {"name_zh": "新栏目", "name_en": "New"},
                                                actor=actor), {"editor", "admin"}),
])
@pytest.mark.parametrize("who", ["author", "editor", "admin"])
def test_services_ask_the_policy(people, call, allowed, who):
    if who in allowed:
        call(people, people[who])
    else:
        with pytest.raises(Forbidden):
            call(people, people[who])


def test_column_slugs_are_unique_and_readable(people):
    make_column(slug="shu-zi-ren-wen")
    first = journal_admin.save_column(None, {"name_zh": "数字人文", "name_en": ""},
                                      actor=people["editor"])
    second = journal_admin.save_column(None, {"name_zh": "数字人文", "name_en": ""},
                                       actor=people["editor"])
    assert (first.slug, second.slug) == ("shu-zi-ren-wen-2", "shu-zi-ren-wen-3")


def test_only_pending_or_failed_mail_can_be_retried(people):
    from core.outbox import queue_email

    row = queue_email(to="x@example.org", template="accounts/reset_password", locale="en",
                      context={"name": "X", "link": "http://x", "hours": 2}, dedupe_key="r")
    row.state = MailState.SENDING
    with pytest.raises(services.AccountError):
        admin_services.retry_mail(row, actor=people["admin"])
    row.state = MailState.FAILED
    admin_services.retry_mail(row, actor=people["admin"])
    assert db.session.get(OutboxEmail, row.id).state == MailState.PENDING


def test_confirmation_link_expires(app_ctx, outbox):
    with time_machine.travel("2026-03-01 08:00", tick=False):
        user = services.register_user(email="new@example.org", password="x" * 12, name="新人")
        token = services.tokens.make_token(services.tokens.CONFIRM, user)
        db.session.commit()
    with time_machine.travel("2026-03-03 08:01", tick=False), \
            pytest.raises(services.AccountError, match="已过期"):
        services.confirm_email(token)
    assert db.session.get(User, user.id).email_confirmed_at is None


def test_a_reset_link_also_confirms_the_address(app_ctx):
    user = services.register_user(email="late@example.org", password="x" * 12, name="迟到")
    token = services.tokens.make_token(services.tokens.RESET, user)
    services.reset_password(token, "a new long password")
    assert user.email_confirmed_at is not None
    assert services.authenticate("late@example.org", "a new long password") is user
    assert user.last_login_at <= utcnow()


def test_create_user_command(app):
    result = app.test_cli_runner().invoke(args=["create-user", "cli@example.org", "--role",
                                                "editor", "--role", "reviewer"])
    assert result.exit_code == 0 and "password:" in result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "cli@example.org"))
        assert user.roles == {Role.EDITOR, Role.REVIEWER} and user.email_confirmed_at
    again = app.test_cli_runner().invoke(args=["create-user", "cli@example.org"])
    assert again.exit_code != 0 and "已注册" in again.output
