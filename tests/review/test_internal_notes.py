"""Internal notes never reach authors: the reason an editor gave for deciding with fewer reviews
than required, and the reviewers' confidential comments to the editor."""

from core.extensions import db
from submission.models import Manuscript
from submission.timeline import author_timeline

REASON = "内部说明：另一位审稿人失联，编辑部讨论后决定"


def test_override_reason_is_not_in_the_authors_timeline(app, client, login, outbox, review_flow,
                                                        scene):
    review_flow.start()
    assert review_flow.decide("reject", override_reason=REASON).status_code == 302
    login(client, scene.author)
    for url in (f"/manuscripts/{scene.manuscript}",
                f"/review/manuscripts/{scene.manuscript}/reviews"):
        html = client.get(url).get_data(as_text=True)
        assert "拒稿" in html or "不能录用" in html, url  # the author does learn the decision
        assert REASON not in html, url
    for message in outbox.deliver():
        if message["To"] in ("zhangwei@hbu.example.org", "lina@hbu.example.org"):
            assert REASON not in message.get_body(("plain",)).get_content()
    with app.test_request_context():
        entries = author_timeline(db.session.get(Manuscript, scene.manuscript))
        assert all(REASON not in entry.note for entry in entries)


def test_authors_own_notes_and_the_offices_letters_stay(app, client, login, scene):
    """What was written for (or by) the author is still shown: a desk rejection's reason."""
    with app.app_context():
        version = db.session.get(Manuscript, scene.manuscript).version_id
    login(client, scene.editor)
    response = client.post(f"/review/manuscripts/{scene.manuscript}/desk-rejection",
                           data={"letter": "请按模板调整参考文献格式", "version": version})
    assert response.status_code == 302
    login(client, scene.author)
    html = client.get(f"/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert "请按模板调整参考文献格式" in html
