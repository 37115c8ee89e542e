"""Co-authors by consent: a listed address gains nothing until its owner confirms from the
link mailed to it; confirmed authors read and follow, the submitter (or corresponding author)
acts; an editor who is a confirmed author is kept off the manuscript's desk."""

import re
from datetime import timedelta

import pytest
import time_machine

from accounts.models import Role, User
from accounts.policy import can
from core.clock import utcnow
from core.extensions import db
from submission.models import Manuscript, ManuscriptAuthor
from submission.workflow import roles_of
from tests.submission.helpers import ready_draft, submitted

LINK = re.compile(r"https?://\S+/authorship/\S+")
PASSWORD = "a long enough passphrase 42"  # noqa: S105


@pytest.fixture
def author(quick_user):
    return quick_user(name="张伟", email="zhangwei@example.org")


@pytest.fixture
def editor(quick_user):
    return quick_user(roles=("editor",), name="编辑赵敏", email="editor@example.org")


def build(app, author_id, co_authors, submit=True) -> int:
    with app.test_request_context("/"):
        make = submitted if submit else ready_draft
        manuscript = make(author_id, co_authors=co_authors)
        db.session.commit()
        return manuscript.id


def link_for(outbox, email: str) -> str:
    """The confirmation link of the newest mail to `email`."""
    mails = [m for m in outbox.deliver() if m["To"] == email]
    assert mails, f"no mail to {email}"
    found = LINK.findall(mails[-1].get_body(("plain",)).get_content())
    assert found, "the mail has no confirmation link"
    return re.sub(r"^https?://[^/]+", "", found[0])


def text(response) -> str:
    return response.get_data(as_text=True)


def permissions(app, user_id, manuscript_id) -> dict:
    with app.app_context():
        user, manuscript = db.session.get(User, user_id), db.session.get(Manuscript, manuscript_id)
        return {p: can(user, p, manuscript) for p in (
            "manuscript.view", "manuscript.edit", "manuscript.manage", "review.manage",
            "review.decide", "review.author_view")} | {"roles": roles_of(user, manuscript)}


def version(app, manuscript_id) -> int:
    with app.app_context():
        return db.session.get(Manuscript, manuscript_id).version_id


def row(app, manuscript_id, email) -> ManuscriptAuthor:
    with app.app_context():
        manuscript = db.session.get(Manuscript, manuscript_id)
        found = next(a for a in manuscript.authors if a.email == email)
        db.session.expunge(found)
        return found


EDITOR_AS_COAUTHOR = [{"name": "赵敏", "email": "editor@example.org", "affiliation": "编辑部"}]
LINA = [{"name": "李娜", "email": "lina@example.org", "affiliation": "河北师范大学",
         "locale": "en"}]


# --------------------------------------------------------------------------- rights


def test_an_editors_address_added_as_coauthor_changes_nothing_until_confirmed(
        app, client, login, author, editor, outbox):
    manuscript_id = build(app, author, EDITOR_AS_COAUTHOR)
    rights = permissions(app, editor, manuscript_id)
    assert Role.AUTHOR not in rights["roles"] and Role.EDITOR in rights["roles"]
    assert rights["manuscript.manage"] and rights["review.manage"] and rights["review.decide"]
    assert not rights["manuscript.edit"] and not rights["review.author_view"]
    assert row(app, manuscript_id, "editor@example.org").user_id is None
    login(client, editor)
    assert client.get(f"/desk/manuscripts/{manuscript_id}").status_code == 200
    assert client.get(f"/review/manuscripts/{manuscript_id}/reviews").status_code == 404
    assert client.get(f"/manuscripts/{manuscript_id}/wizard").status_code == 404
    moved = client.post(f"/desk/manuscripts/{manuscript_id}/move",
                        data={"action": "receive", "note": "", "expected_version": version(
                            app, manuscript_id)})
    assert moved.status_code == 302
    with app.app_context():
        assert db.session.get(Manuscript, manuscript_id).state == "received"


def test_after_confirming_the_editor_is_kept_off_the_desk_of_the_manuscript(
        app, client, login, author, editor, outbox):
    manuscript_id = build(app, author, EDITOR_AS_COAUTHOR)
    link = link_for(outbox, "editor@example.org")
    login(client, editor)
    assert client.post(link + "/confirm").status_code == 302
    rights = permissions(app, editor, manuscript_id)
    assert Role.AUTHOR in rights["roles"] and Role.EDITOR not in rights["roles"]
    assert not (rights["manuscript.manage"] or rights["review.manage"] or rights["review.decide"])
    assert rights["manuscript.view"] and rights["review.author_view"]
    assert not rights["manuscript.edit"]
    assert client.get(f"/desk/manuscripts/{manuscript_id}").status_code == 404
    moved = client.post(f"/desk/manuscripts/{manuscript_id}/move",
                        data={"action": "receive", "note": "", "expected_version": version(
                            app, manuscript_id)})
    assert moved.status_code == 404
    assert client.get(f"/review/manuscripts/{manuscript_id}").status_code == 404
    assert client.get(f"/review/manuscripts/{manuscript_id}/decision").status_code == 404
    with app.app_context():
        assert db.session.get(Manuscript, manuscript_id).state == "submitted"
    assert client.get(f"/manuscripts/{manuscript_id}").status_code == 200


def test_the_submitter_keeps_every_right(app, client, login, author, outbox):
    manuscript_id = build(app, author, LINA)
    rights = permissions(app, author, manuscript_id)
    assert rights["manuscript.view"] and rights["manuscript.edit"] and rights["review.author_view"]
    assert Role.AUTHOR in rights["roles"]
    login(client, author)
    page = text(client.get(f"/manuscripts/{manuscript_id}"))
    assert "/withdraw" in page
    assert client.get(f"/manuscripts/{manuscript_id}/withdraw").status_code == 200


# --------------------------------------------------------------------------- the link


def test_a_real_coauthor_registers_through_the_link_and_then_gets_the_manuscript(
        app, client, login, author, outbox):
    manuscript_id = build(app, author, LINA)
    link = link_for(outbox, "lina@example.org")
    page = text(client.get(link))
    assert "lina@example.org" in page and "/register" in page
    # Registered the ordinary way first: the address alone gives nothing.
    with app.app_context():
        from accounts.services import register_user
        bystander = register_user(email="someone@example.org", password=PASSWORD, name="路人",
                                  confirmed=True).id
        db.session.commit()
    registered = client.post(link + "/register", data={
        "email": "someone@example.org",  # ignored: the account is for the address mailed
        "password": PASSWORD, "name": "李娜", "name_pinyin": "Li Na",
        "affiliation": "河北师范大学"})
    assert registered.status_code == 302
    with app.app_context():
        lina = db.session.scalar(db.select(User).where(User.email == "lina@example.org"))
        assert lina is not None and lina.email_confirmed_at is not None
        assert db.session.get(User, bystander).email == "someone@example.org"
        lina_id = lina.id
    assert row(app, manuscript_id, "lina@example.org").user_id == lina_id
    assert row(app, manuscript_id, "lina@example.org").confirmed_at is not None
    login(client, lina_id)
    assert client.get(f"/manuscripts/{manuscript_id}").status_code == 200
    assert str(manuscript_id) in text(client.get("/manuscripts/"))


def test_an_existing_account_gets_404_before_confirming_and_the_manuscript_after(
        app, client, login, author, quick_user, outbox):
    manuscript_id = build(app, author, LINA)
    lina = quick_user(name="李娜", email="LiNa@example.org")
    login(client, lina)
    assert client.get(f"/manuscripts/{manuscript_id}").status_code == 404
    assert client.get(f"/review/manuscripts/{manuscript_id}/reviews").status_code == 404
    assert f"/manuscripts/{manuscript_id}" not in text(client.get("/manuscripts/"))
    link = link_for(outbox, "lina@example.org")
    page = text(client.get(link))
    assert "/confirm" in page and "/decline" in page
    assert client.post(link + "/confirm").status_code == 302
    assert client.get(f"/manuscripts/{manuscript_id}").status_code == 200
    assert f"/manuscripts/{manuscript_id}" in text(client.get("/manuscripts/"))
    # The form posted twice: a clear answer, nothing changes.
    again = client.post(link + "/confirm")
    assert again.status_code == 400 and "该作者身份已经确认过" in text(again)


def test_a_link_copied_by_another_signed_in_account_is_refused(
        app, client, login, author, quick_user, outbox):
    manuscript_id = build(app, author, LINA)
    link = link_for(outbox, "lina@example.org")
    intruder = quick_user(name="王五", email="wangwu@example.org")
    login(client, intruder)
    page = client.get(link)
    assert page.status_code == 403
    assert "wangwu@example.org" in text(page)
    for answer in ("/confirm", "/decline", "/register"):
        assert client.post(link + answer, data={"password": PASSWORD, "name": "王五"}
                           ).status_code == 403
    found = row(app, manuscript_id, "lina@example.org")
    assert found.user_id is None and found.confirmed_at is None and found.declined_at is None
    assert client.get(f"/manuscripts/{manuscript_id}").status_code == 404
    # The submitter, signed in, is another account too.
    login(client, author)
    assert client.post(link + "/confirm").status_code == 403


def test_a_coauthor_declines_and_the_submitter_and_editors_are_told(
        app, client, login, author, editor, quick_user, outbox):
    manuscript_id = build(app, author, LINA)
    link = link_for(outbox, "lina@example.org")
    before = len(outbox.deliver())
    assert client.post(link + "/decline").status_code == 302
    found = row(app, manuscript_id, "lina@example.org")
    assert found.declined_at is not None and found.user_id is None
    told = {m["To"]: m for m in outbox.deliver()[before:]}
    assert {"zhangwei@example.org", "editor@example.org"} <= set(told)
    assert "李娜" in told["zhangwei@example.org"].get_body(("plain",)).get_content()
    # The link is spent; an account for the address gets nothing.
    assert client.post(link + "/confirm").status_code == 400
    lina = quick_user(name="李娜", email="lina@example.org")
    login(client, lina)
    assert client.get(f"/manuscripts/{manuscript_id}").status_code == 404
    assert client.post(link + "/decline").status_code == 400  # posted twice
    login(client, author)
    assert "已否认作者身份" in text(client.get(f"/manuscripts/{manuscript_id}"))
    # Not written to again: neither the receipt nor the review's letters to the authors.
    login(client, editor)
    before = len(outbox.deliver())
    client.post(f"/desk/manuscripts/{manuscript_id}/move", data={
        "action": "receive", "note": "", "expected_version": version(app, manuscript_id)})
    assert [m["To"] for m in outbox.deliver()[before:]] == ["zhangwei@example.org"]
    with app.app_context():
        from submission.recipients import Audience, recipients
        manuscript = db.session.get(Manuscript, manuscript_id)
        assert [p.email for p in recipients(manuscript, Audience.AUTHORS)] == \
            ["zhangwei@example.org"]


def test_an_expired_link_is_refused_and_the_submitter_can_send_a_new_one(
        app, client, login, author, quick_user, outbox):
    manuscript_id = build(app, author, LINA)
    old = link_for(outbox, "lina@example.org")
    lina = quick_user(name="李娜", email="lina@example.org")
    login(client, lina)
    with time_machine.travel(utcnow() + timedelta(days=200)):
        expired = client.post(old + "/confirm")
        assert expired.status_code == 400
        assert "此链接已过期" in text(expired)
        assert row(app, manuscript_id, "lina@example.org").confirmed_at is None
        author_row = row(app, manuscript_id, "lina@example.org")
        login(client, author)
        assert client.post(f"/manuscripts/{manuscript_id}/authors/{author_row.id}/resend"
                           ).status_code == 302
        fresh = link_for(outbox, "lina@example.org")
        login(client, lina)
        assert client.post(fresh + "/confirm").status_code == 302
        assert client.get(f"/manuscripts/{manuscript_id}").status_code == 200


def test_only_the_submitter_may_resend_and_only_to_pending_coauthors(
        app, client, login, author, quick_user, outbox):
    manuscript_id = build(app, author, LINA)
    author_row = row(app, manuscript_id, "lina@example.org")
    other = quick_user(name="王五")
    login(client, other)
    assert client.post(f"/manuscripts/{manuscript_id}/authors/{author_row.id}/resend"
                       ).status_code == 404
    lina = quick_user(name="李娜", email="lina@example.org")
    login(client, lina)
    client.post(link_for(outbox, "lina@example.org") + "/confirm")
    login(client, author)
    again = client.post(f"/manuscripts/{manuscript_id}/authors/{author_row.id}/resend")
    assert again.status_code == 409
    # Another manuscript's author row, through my own manuscript's address.
    mine = build(app, author, [{"name": "王强", "email": "wangqiang@example.org"}])
    assert client.post(f"/manuscripts/{mine}/authors/{author_row.id}/resend").status_code == 409


def test_registering_through_the_link_with_bad_input_keeps_what_was_typed(
        app, client, author, outbox):
    build(app, author, LINA)
    link = link_for(outbox, "lina@example.org")
    response = client.post(link + "/register", data={"password": "short", "name": "李娜",
                                                      "affiliation": "河北师范大学"})
    assert response.status_code == 400
    assert "河北师范大学" in text(response) and "lina@example.org" in text(response)
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.email == "lina@example.org")) is None
    # The link still works afterwards.
    assert client.get(link).status_code == 200


def test_the_link_is_not_shown_on_the_submitters_or_editors_pages(
        app, client, login, author, editor, outbox):
    manuscript_id = build(app, author, LINA)
    token = link_for(outbox, "lina@example.org").rsplit("/", 1)[1]
    login(client, author)
    assert token not in text(client.get(f"/manuscripts/{manuscript_id}"))
    login(client, editor)
    assert token not in text(client.get(f"/desk/manuscripts/{manuscript_id}"))


def test_a_tampered_link_gets_a_clear_message(app, client, author, outbox):
    build(app, author, LINA)
    link = link_for(outbox, "lina@example.org")
    response = client.get(link[:-3] + "xyz")
    assert response.status_code == 400
    assert client.get("/authorship/not-a-token").status_code == 400


# --------------------------------------------------------------------------- read, not act


def test_a_confirmed_coauthor_reads_but_cannot_act_for_the_submitter(
        app, client, login, author, quick_user, outbox):
    manuscript_id = build(app, author, LINA)
    lina = quick_user(name="李娜", email="lina@example.org")
    login(client, lina)
    client.post(link_for(outbox, "lina@example.org") + "/confirm")
    rights = permissions(app, lina, manuscript_id)
    assert rights["manuscript.view"] and rights["review.author_view"]
    assert not rights["manuscript.edit"]
    page = text(client.get(f"/manuscripts/{manuscript_id}"))
    assert "/withdraw" not in page
    assert client.get(f"/review/manuscripts/{manuscript_id}/reviews").status_code == 200
    assert client.get(f"/manuscripts/{manuscript_id}/withdraw").status_code == 404
    assert client.post(f"/manuscripts/{manuscript_id}/withdraw",
                       data={"reason": "不想投了"}).status_code == 404
    assert client.get(f"/manuscripts/{manuscript_id}/wizard/metadata").status_code == 404
    with app.app_context():
        assert db.session.get(Manuscript, manuscript_id).state == "submitted"


def test_a_confirmed_coauthor_cannot_upload_the_revision(app, author, quick_user, outbox,
                                                       client, login):
    from review.invitations import ReviewError
    from review.revisions import submit_revision

    manuscript_id = build(app, author, LINA)
    lina = quick_user(name="李娜", email="lina@example.org")
    login(client, lina)
    client.post(link_for(outbox, "lina@example.org") + "/confirm")
    with app.test_request_context("/"):
        manuscript = db.session.get(Manuscript, manuscript_id)
        manuscript.state = "revision_requested"
        db.session.flush()
        from werkzeug.exceptions import NotFound
        with pytest.raises((NotFound, ReviewError)):
            submit_revision(manuscript, db.session.get(User, lina), revised=b"x",
                            response_letter=b"y")
        db.session.rollback()


def test_a_confirmed_corresponding_coauthor_may_act(app, client, login, author, quick_user,
                                                   outbox):
    manuscript_id = build(app, author, [dict(LINA[0], corresponding=True)])
    lina = quick_user(name="李娜", email="lina@example.org")
    assert not permissions(app, lina, manuscript_id)["manuscript.edit"]
    login(client, lina)
    client.post(link_for(outbox, "lina@example.org") + "/confirm")
    assert permissions(app, lina, manuscript_id)["manuscript.edit"]
    assert client.get(f"/manuscripts/{manuscript_id}/withdraw").status_code == 200


# --------------------------------------------------------------------------- mails


def test_every_author_is_mailed_and_only_pending_coauthors_get_the_link(
        app, author, quick_user, outbox):
    build(app, author, LINA + [{"name": "王强", "email": "wangqiang@example.org"}])
    mails = {m["To"]: m.get_body(("plain",)).get_content() for m in outbox.deliver()}
    assert set(mails) == {"zhangwei@example.org", "lina@example.org", "wangqiang@example.org"}
    assert not LINK.search(mails["zhangwei@example.org"])
    assert LINK.search(mails["lina@example.org"]) and LINK.search(mails["wangqiang@example.org"])
    assert "confirm" in mails["lina@example.org"].lower()
    assert LINK.findall(mails["lina@example.org"]) != LINK.findall(mails["wangqiang@example.org"])


def test_a_draft_sends_no_link(app, author, outbox):
    build(app, author, LINA, submit=False)
    assert outbox.deliver() == []


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("template", ["coauthor_invitation", "coauthor_declined",
                                      "acknowledgement"])
def test_authorship_mail_snapshots(req_ctx, template, locale):
    import os
    from pathlib import Path

    from core.outbox import render_email
    from journal.models import get_journal
    from tests.submission.test_mail import sample_manuscript

    manuscript = sample_manuscript()
    manuscript.submitter = User(name="张伟", email="zhangwei@example.org")
    context = {"manuscript": manuscript, "name": "李娜", "journal": get_journal(),
               "link": "https://kanwu.example/manuscripts/7", "locale": locale,
               "author": ManuscriptAuthor(name="李娜", email="lina@example.org"),
               "authorship_link": "https://kanwu.example/authorship/TOKEN",
               "authorship_days": 30}
    subject, body, _html = render_email(f"submission/{template}", context, locale)
    rendered = f"Subject: {subject}\n\n{body}"
    snapshot = Path(__file__).parent / "snapshots" / f"authorship-{template}.{locale}.txt"
    if os.environ.get("KANWU_UPDATE_SNAPSHOTS") == "1" or not snapshot.exists():
        snapshot.write_text(rendered, encoding="utf-8")
    assert rendered == snapshot.read_text(encoding="utf-8")


def test_the_migration_confirms_submitters_and_unlinks_accounts_linked_without_consent(
        app, tmp_path):
    import os
    import subprocess
    import sys

    from sqlalchemy import MetaData, Table, create_engine, select

    from core.config import PROJECT_ROOT

    url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    env = dict(os.environ, DATABASE_URL=url, KANWU_ENV="development")

    def upgrade(target):
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade",  # noqa: S603
                        target], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)

    upgrade("e2f069b36d6a")
    engine = create_engine(url)
    with engine.begin() as conn:
        for uid, email in ((1, "zhangwei@example.org"), (2, "editor@example.org")):
            insert_row(conn, "users", id=uid, email=email, name=email)
        insert_row(conn, "manuscripts", id=1, submitter_id=1, state="submitted")
        for aid, uid, email in ((1, 1, "zhangwei@example.org"), (2, 2, "editor@example.org")):
            insert_row(conn, "manuscript_authors", id=aid, manuscript_id=1, position=aid - 1,
                       user_id=uid, name=email, email=email)
    upgrade("head")
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(Table("manuscript_authors", MetaData(),
                                                           autoload_with=conn)))}
    engine.dispose()
    assert rows[1].user_id == 1 and rows[1].confirmed_at is not None
    assert rows[2].user_id is None and rows[2].confirmed_at is None


def insert_row(conn, table_name: str, **values) -> None:
    """A row in the table as it is at this revision: every other required column gets a
    neutral value of its type (later migrations may add columns the models know of)."""
    from sqlalchemy import JSON, Boolean, DateTime, Integer, MetaData, Table

    table = Table(table_name, MetaData(), autoload_with=conn)
    for column in table.columns:
        if column.name in values or column.nullable or column.server_default is not None:
            continue
        kind = column.type
        values[column.name] = (utcnow() if isinstance(kind, DateTime) else
                               False if isinstance(kind, Boolean) else
                               1 if isinstance(kind, Integer) else
                               [] if isinstance(kind, JSON) else "")
    conn.execute(table.insert().values(**values))
