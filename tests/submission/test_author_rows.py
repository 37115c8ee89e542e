"""The wizard's author rows are corrected in place: the row opens as a form, the rest of the
list stays; a row that speaks for an account keeps that account's address."""

from sqlalchemy import select

from core.extensions import db
from submission.models import ManuscriptAuthor
from tests.submission.test_views import author, column_id, text  # noqa: F401 - fixtures

ADD = {"name": "李娜", "email": "lina@example.org", "affiliation": "河北师范大学",
       "locale": "zh_CN"}


def _draft_with_co_author(client, login, author, column_id):  # noqa: F811
    login(client, author)
    manuscript_id = int(client.post("/submit", data={"column": column_id}).location.split("/")[2])
    client.post(f"/manuscripts/{manuscript_id}/wizard/authors", data=ADD)
    return manuscript_id


def _rows(app, manuscript_id):
    with app.app_context():
        return [(a.name, a.email, a.affiliation, a.locale, a.corresponding, a.user_id)
                for a in db.session.scalars(select(ManuscriptAuthor).where(
                    ManuscriptAuthor.manuscript_id == manuscript_id)
                    .order_by(ManuscriptAuthor.position))]


def _row_id(app, manuscript_id, email):
    with app.app_context():
        return db.session.scalar(select(ManuscriptAuthor.id).where(
            ManuscriptAuthor.manuscript_id == manuscript_id, ManuscriptAuthor.email == email))


def test_a_co_authors_row_is_edited_in_place(app, client, login, author, column_id):  # noqa: F811
    manuscript_id = _draft_with_co_author(client, login, author, column_id)
    row = _row_id(app, manuscript_id, "lina@example.org")
    page = text(client.get(f"/manuscripts/{manuscript_id}/authors/{row}/edit"))
    assert 'id="edit-name"' in page and 'value="李娜"' in page  # the row, open as a form
    assert 'id="name"' in page  # the add form is still there, with its own fields
    response = client.post(f"/manuscripts/{manuscript_id}/authors/{row}/edit", data={
        "edit-name": "李娜", "edit-email": "li.na@example.org",
        "edit-affiliation": "河北师范大学图书馆", "edit-locale": "en", "edit-corresponding": "y"})
    assert response.status_code == 302 and response.location.endswith(f"/authors#author-{row}")
    rows = _rows(app, manuscript_id)
    assert rows[1] == ("李娜", "li.na@example.org", "河北师范大学图书馆", "en", True, None)
    assert rows[0][4] is False  # one corresponding author
    assert "Li Na" in text(client.get(f"/manuscripts/{manuscript_id}/wizard/authors"))


def test_a_bad_edit_keeps_the_row_open_with_what_was_typed(app, client, login, author,  # noqa: F811
                                                           column_id):  # noqa: F811
    manuscript_id = _draft_with_co_author(client, login, author, column_id)
    row = _row_id(app, manuscript_id, "lina@example.org")
    response = client.post(f"/manuscripts/{manuscript_id}/authors/{row}/edit", data={
        "edit-name": "李娜娜", "edit-email": "not an address", "edit-affiliation": "河北",
        "edit-locale": "zh_CN"})
    assert response.status_code == 400
    page = text(response)
    assert 'value="李娜娜"' in page and "not an address" in page
    assert _rows(app, manuscript_id)[1][:2] == ("李娜", "lina@example.org")  # nothing saved


def test_the_submitters_row_keeps_the_accounts_address(app, client, login, author,  # noqa: F811
                                                       column_id):  # noqa: F811
    manuscript_id = _draft_with_co_author(client, login, author, column_id)
    own = _row_id(app, manuscript_id, "zhangwei@example.org")
    page = f"/manuscripts/{manuscript_id}/authors/{own}/edit"
    response = client.post(page, data={
        "edit-name": "张伟", "edit-email": "someone.else@example.org",
        "edit-affiliation": "河北大学", "edit-locale": "zh_CN"},
        headers={"Referer": f"http://localhost{page}"})
    assert response.status_code == 303
    assert "不能在这里更改" in text(client.get(response.location))
    assert _rows(app, manuscript_id)[0][1] == "zhangwei@example.org"


def test_another_manuscripts_row_or_another_persons_draft_is_not_reachable(
        app, client, login, author, quick_user, column_id):  # noqa: F811
    manuscript_id = _draft_with_co_author(client, login, author, column_id)
    row = _row_id(app, manuscript_id, "lina@example.org")
    other = _draft_with_co_author(client, login, author, column_id)
    assert client.get(f"/manuscripts/{other}/authors/{row}/edit").status_code == 404
    login(client, quick_user(email="stranger@example.org"))
    response = client.post(f"/manuscripts/{manuscript_id}/authors/{row}/edit", data={
        "edit-name": "X", "edit-email": "x@example.org", "edit-affiliation": "X",
        "edit-locale": "zh_CN"})
    assert response.status_code in (403, 404)
    assert _rows(app, manuscript_id)[1][0] == "李娜"
