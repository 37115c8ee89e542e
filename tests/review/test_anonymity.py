"""Double-blind: nothing a reviewer can reach names the authors.

The manuscript has known authors (张伟, 李娜: names, pinyin, emails, affiliation). We drive two
rounds and collect every page, mail, download and file property a reviewer gets; none may
contain those strings. A copy whose text still names an author is held by the gate
(tests/review/test_gate*.py); here downloads are checked in their metadata parts.
"""

import io
import re
import zipfile
from datetime import timedelta

import time_machine

from core.clock import utcnow
from tests.review.conftest import AUTHOR_STRINGS, make_docx


def _leaks(text: str) -> list[str]:
    return [s for s in AUTHOR_STRINGS if s.lower() in text.lower()]


def _docx_metadata(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                         if n != "word/document.xml" and n.endswith((".xml", ".rels")))


def test_reviewer_never_sees_author_identity(app, client, login, outbox, review_flow, scene):
    reviewer, email = scene.reviewers[0], "rev1@example.org"
    seen: dict[str, str] = {}
    with app.app_context():  # the reviewers are told the decision (off by default)
        from core.extensions import db
        from journal.models import get_journal

        get_journal().tell_reviewers_outcome = True
        db.session.commit()

    def visit(url):
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response.get_data(as_text=True) if response.mimetype.startswith("text") \
            else response.data.decode("latin-1")
        response.close()
        return response

    review_flow.start()
    assignment_id = review_flow.invite(reviewer)
    accept, decline = review_flow.invitation_links(email)
    review_flow.sign_out()
    visit(accept)
    visit(decline)
    review_flow.accept(reviewer, email)
    login(client, reviewer)
    form = visit(f"/review/assignments/{assignment_id}").get_data(as_text=True)
    visit("/review/mine")
    files = re.findall(r'href="(/review/assignments/\d+/files/\d+)"', form)
    assert files
    for url in files:
        response = visit(url)
        disposition = response.headers["Content-Disposition"]
        assert re.search(r"HBKJTY-\d{4}-\d{4}-R1\.docx", disposition)
        assert _leaks(disposition) == []
        assert _leaks(_docx_metadata(response.data)) == [], "metadata leaks the authors"
    with time_machine.travel(utcnow() + timedelta(days=25), tick=False):  # 3 days before due
        from review.tasks import remind_due_reviews

        remind_due_reviews()
        outbox.deliver()  # delivered "then", as the worker would
    assert review_flow.review(reviewer, assignment_id).status_code == 302
    visit(f"/review/assignments/{assignment_id}")
    visit(f"/review/assignments/{assignment_id}/certificate.pdf")

    # Round 2: the revision with a response letter whose properties name the authors.
    other = review_flow.invite(scene.reviewers[1])
    review_flow.accept(scene.reviewers[1], "rev2@example.org")
    review_flow.review(scene.reviewers[1], other)
    review_flow.decide("major_revision")
    login(client, scene.author)
    client.post(f"/review/manuscripts/{scene.manuscript}/revision", data={
        "revised": (io.BytesIO(make_docx("修改稿", author="Zhang Wei")), "张伟-修改稿.docx"),
        "response_letter": (io.BytesIO(make_docx("逐条答复", author="李娜")), "李娜.docx")},
        content_type="multipart/form-data")
    review_flow.anonymise()
    login(client, scene.editor)
    client.post(f"/review/manuscripts/{scene.manuscript}/reinvite")
    review_flow.accept(reviewer, email)
    second = review_flow.assignment_of(reviewer)
    login(client, reviewer)
    form = visit(f"/review/assignments/{second}").get_data(as_text=True)
    assert "上一轮" in form
    for url in re.findall(r'href="(/review/assignments/\d+/files/\d+)"', form):
        response = visit(url)
        assert "-R2" in response.headers["Content-Disposition"]
        assert _leaks(_docx_metadata(response.data)) == []
    visit("/review/mine")

    for url, text in seen.items():
        if url.endswith(".pdf"):
            continue  # PDFs are checked below as text
        assert _leaks(text) == [], f"{url} names the authors"
    from pypdf import PdfReader

    certificate = client.get(f"/review/assignments/{assignment_id}/certificate.pdf").data
    reader = PdfReader(io.BytesIO(certificate))
    assert _leaks("".join(p.extract_text() for p in reader.pages)) == []
    assert _leaks(str(reader.metadata or {})) == []

    mails = [m for m in outbox.deliver() if m["To"] == email]
    assert mails
    kinds = {m["X-Kanwu-Dedupe-Key"].split(":")[0] for m in mails}
    assert {"review-invitation", "review-accepted", "review-thanks", "review-reminder",
            "review-outcome"} <= kinds
    for message in mails:
        assert _leaks(message["Subject"]) == []
        assert _leaks(message.get_body(("plain",)).get_content()) == [], message["Subject"]


def test_authors_see_reviews_without_reviewer_identities(client, login, review_flow, scene):
    review_flow.two_reviews()
    review_flow.decide("minor_revision")
    login(client, scene.author)
    html = client.get(f"/review/manuscripts/{scene.manuscript}/reviews").get_data(as_text=True)
    assert "审稿人1" in html and "论证充分，建议小修。" in html
    for secret in ("审稿人陈晓明", "审稿人刘洋", "rev1@example.org", "可以录用"):
        assert secret not in html


def test_messages_name_nobody_across_the_blind(app, client, login, make_user, outbox,
                                               review_flow, scene):
    """A reviewer's thread: the reviewer reads the editorial office, never the authors nor the
    editors by name; the authors (and an editor who is one of them) never reach the thread,
    by its id or its attachment's, and no reviewer name reaches them."""
    from sqlalchemy import select

    from core.extensions import db
    from review.message_models import MessageAttachment, MessageThread
    from submission.models import Manuscript
    from tests.journal.world import link_coauthor
    from tests.review.gate_support import leaky_docx
    from tests.review.messaging_support import post_message, reviewing

    editor_author = make_user(email="lina@hbu.example.org", roles=("editor", "author"),
                              name="李娜")
    with app.app_context():  # 李娜, an editor of the journal, is the manuscript's co-author
        link_coauthor(db.session.get(Manuscript, scene.manuscript).authors[1], editor_author,
                      confirmed=True)
        db.session.commit()
    assignment_id = reviewing(review_flow, scene)
    thread_url = f"/review/assignments/{assignment_id}/messages"
    login(client, scene.editor)
    post_message(client, thread_url, "请查看附件中的补充数据。",
                 files=[("张伟-补充数据.docx", leaky_docx())])
    login(client, scene.reviewers[0])
    post_message(client, thread_url, "审稿人的问题：样本量是多少？",
                 files=[("陈晓明-意见.docx", make_docx("意见", author="审稿人陈晓明"))])
    with app.app_context():
        thread = db.session.scalar(select(MessageThread))
        attachments = db.session.scalars(select(MessageAttachment.id)).all()

    login(client, scene.reviewers[0])
    seen = [client.get(thread_url).get_data(as_text=True)]
    for attachment_id in attachments[:1]:  # the editors' attachment, cleaned
        response = client.get(f"/review/message-attachments/{attachment_id}")
        seen += [response.headers["Content-Disposition"], _docx_metadata(response.data)]
        response.close()
    for text in seen:
        assert _leaks(text) == [] and "编辑赵敏" not in text
    assert "编辑部" in seen[0]
    for mail in outbox.deliver():
        if mail["To"] == "rev1@example.org":
            body = mail.get_body(("plain",)).get_content()
            assert _leaks(mail["Subject"] + body) == [] and "编辑赵敏" not in body

    for author in (scene.author, editor_author):
        login(client, author)
        for url in (thread_url, f"/review/message-attachments/{attachments[1]}"):
            assert client.get(url).status_code == 404, url
        assert post_message(client, thread_url, "作者想看审稿人的对话").status_code == 404
        assert client.post(f"/review/threads/{thread.id}/reopen").status_code == 404
    login(client, scene.author)
    pages = [client.get(f"/manuscripts/{scene.manuscript}").get_data(as_text=True),
             client.get(f"/review/manuscripts/{scene.manuscript}/messages").get_data(
                 as_text=True)]
    for text in pages:
        for secret in ("审稿人陈晓明", "rev1@example.org", "样本量", "补充数据"):
            assert secret not in text
    for mail in outbox.deliver():
        if mail["To"] in ("zhangwei@hbu.example.org", "lina@hbu.example.org"):
            assert "review-message" not in mail["X-Kanwu-Dedupe-Key"]
            assert "陈晓明" not in mail.get_body(("plain",)).get_content()
