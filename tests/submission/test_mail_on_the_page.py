"""What the author gets by mail is also reachable from the manuscript page, without the mail."""

import pytest

from core.clock import utcnow
from core.extensions import db
from tests.factories import make_manuscript


def manuscript_in(app, author_id, state) -> int:
    with app.app_context():
        manuscript = make_manuscript(author_id, state=state, title_zh="高校图书馆数据服务研究")
        manuscript.received_at = manuscript.received_at or utcnow()
        db.session.commit()
        return manuscript.id


@pytest.mark.parametrize("state, revision, notice", [
    ("revision_requested", True, False), ("accepted", False, True), ("published", False, True),
    ("rejected", False, False)])
def test_the_manuscript_page_links_letters_revision_and_notice(app, client, login, make_user,
                                                               state, revision, notice):
    author = make_user(roles=("author",))
    manuscript_id = manuscript_in(app, author, state)
    login(client, author)
    html = client.get(f"/manuscripts/{manuscript_id}").get_data(as_text=True)
    reviews = f"/review/manuscripts/{manuscript_id}/reviews"
    assert f'id="decision-letters" href="{reviews}"' in html
    assert (f'id="upload-revision" href="{reviews}#revision"' in html) is revision
    assert ('id="acceptance-notice"' in html) is notice
    assert client.get(reviews).status_code == 200
    if notice:
        pdf = client.get(f"/review/manuscripts/{manuscript_id}/acceptance.pdf")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_before_a_decision_there_is_nothing_more_to_link(app, client, login, make_user):
    author = make_user(roles=("author",))
    manuscript_id = manuscript_in(app, author, "under_review")
    login(client, author)
    html = client.get(f"/manuscripts/{manuscript_id}").get_data(as_text=True)
    assert "decision-letters" not in html and "acceptance-notice" not in html
    assert f"/manuscripts/{manuscript_id}/receipt.pdf" in html  # the receipt, as mailed
