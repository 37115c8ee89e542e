"""Letters by audience: a person reads a mail about a manuscript only when it was addressed to
them or when they are one of its editors (an editor who is not its author); an editor reading
someone else's mail sees its one-time links redacted."""

import re
from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from tests.review.conftest import links_in

REVIEWER_STRINGS = ["审稿人陈晓明", "审稿人刘洋", "rev1@example.org", "rev2@example.org",
                    "北京大学图书馆", "南开大学"]


def _letters_box(html: str) -> str:
    """The 往来信函 / Letters box of a manuscript page (the whole page if it has none)."""
    return html[html.find('id="letters"'):] if 'id="letters"' in html else html


def _invitation_tokens(outbox) -> list[str]:
    tokens = []
    for message in outbox.messages:
        if "review-invitation" in message["X-Kanwu-Dedupe-Key"]:
            for url in links_in(message):
                tokens += re.findall(r"/invitation/([^/?\s]+)", url)
    assert tokens
    return tokens


def test_author_reads_only_the_mail_addressed_to_them(client, login, outbox, review_flow, scene):
    review_flow.two_reviews()
    assert review_flow.decide("minor_revision").status_code == 302
    outbox.deliver()
    login(client, scene.author)
    box = _letters_box(client.get(f"/manuscripts/{scene.manuscript}").get_data(as_text=True))
    assert "稿件退修通知（小修）" in box  # the decision letter to this author
    assert "论证充分，建议小修。" in box
    for leaked in [*REVIEWER_STRINGS, "lina@hbu.example.org", "可以录用", "/invitation/"]:
        assert leaked not in box, leaked
    for token in _invitation_tokens(outbox):
        assert token not in box


def test_editor_reads_every_letter_with_one_time_links_redacted(client, login, outbox,
                                                               review_flow, scene):
    review_flow.start()
    review_flow.invite(scene.reviewers[0])
    outbox.deliver()
    tokens = _invitation_tokens(outbox)
    login(client, scene.editor)
    for url in (f"/manuscripts/{scene.manuscript}", f"/desk/manuscripts/{scene.manuscript}"):
        html = client.get(url).get_data(as_text=True)
        assert "rev1@example.org" in html, url  # the editor knows whom the office wrote to
        for token in tokens:
            assert token not in html, url
    box = _letters_box(client.get(f"/manuscripts/{scene.manuscript}").get_data(as_text=True))
    assert "/review/invitation/[" in box  # the link is still recognisable, not usable


def test_an_editor_who_wrote_the_manuscript_reads_only_their_own_mail(app, client, login,
                                                                      make_user, outbox,
                                                                      review_flow, scene):
    from submission.models import ManuscriptAuthor

    coauthor = make_user(email="lina@hbu.example.org", roles=("author", "editor"), name="李娜")
    with app.app_context():
        author = db.session.scalar(select(ManuscriptAuthor).where(
            ManuscriptAuthor.email == "lina@hbu.example.org"))
        author.user_id = coauthor  # a confirmed co-author (consent given)
        author.confirmed_at = datetime(2026, 11, 1)
        db.session.commit()
    review_flow.start()
    review_flow.invite(scene.reviewers[0])
    outbox.deliver()
    login(client, coauthor)
    box = _letters_box(client.get(f"/manuscripts/{scene.manuscript}").get_data(as_text=True))
    assert "rev1@example.org" not in box and "审稿人陈晓明" not in box
    assert "zhangwei@hbu.example.org" not in box  # another author's copy is theirs


def test_the_query_itself_takes_the_viewer(app, login, make_user, outbox, review_flow, scene):
    """No page can show the wrong audience: the one query answers per viewer."""
    from accounts.models import User
    from core.letterbox import emails_about
    from core.outbox import queue_email

    review_flow.start()
    review_flow.invite(scene.reviewers[0])
    stranger = make_user(email="stranger@example.org", roles=("author",))
    with app.test_request_context():
        queue_email(to="ZhangWei@hbu.example.org", template="accounts/reset_password",
                    context={"name": "张伟", "link": "http://example.org/x", "hours": 2},
                    locale="zh_CN", dedupe_key="to-the-author", about=("manuscript",
                                                                      scene.manuscript))
        def seen(user_id):
            return [m.to_addr for m in emails_about(db.session.get(User, user_id), "manuscript",
                                                    scene.manuscript)]

        assert "rev1@example.org" in seen(scene.editor)
        assert seen(scene.reviewers[0]) == ["rev1@example.org"]
        assert seen(scene.author) == ["ZhangWei@hbu.example.org"]  # the address, in any case
        assert seen(stranger) == []
