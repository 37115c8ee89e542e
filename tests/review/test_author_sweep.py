"""Everything an author can reach after a full review round — pages followed link by link,
JSON answers, downloads with all their parts, PDFs, every mail to an author with its
attachments, and what the reviewers' and editors' addresses answer them — holds none of the
reviewers' identities and none of the notes meant for the editors."""

import io
import re
import zipfile
from html import unescape
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from review.models import ReviewAssignment, ReviewFile
from tests.review.conftest import make_docx

CONFIDENTIAL = "机密意见：请编辑部核实第三节数据 K7731"
DECLINE_REASON = "谢绝理由：与作者同一课题组 D5521"
SUGGESTION = "推荐审稿人王建国 wangjianguo@nku.example.org"
OVERRIDE = "内部：第二轮无需再审 O8841"
AUTHOR_ADDRESSES = ("zhangwei@hbu.example.org", "lina@hbu.example.org")
SKIP = ("/static/", "/bootstrap/", "/lang/", "/account/logout")


def _full_review_round(app, client, login, review_flow, scene, make_user):
    """Two reviews (with confidential comments), a third reviewer who declines with a reason,
    a minor revision, the author's revision, and an acceptance (with an internal reason)."""
    third = make_user(email="rev3@example.org", roles=("reviewer",), name="审稿人孙丽",
                      affiliation="天津师范大学")
    ids = review_flow.two_reviews()
    with app.app_context():
        for assignment in db.session.scalars(select(ReviewAssignment)):
            assignment.comments_to_editor = CONFIDENTIAL
        db.session.commit()
    review_flow.invite(third)
    _accept, decline = review_flow.invitation_links("rev3@example.org")
    login(client, third)
    client.post(decline, data={"d-reason": DECLINE_REASON, "d-suggestion": SUGGESTION})
    assert review_flow.decide("minor_revision").status_code == 302
    login(client, scene.author)
    response = client.post(f"/review/manuscripts/{scene.manuscript}/revision", data={
        "revised": (io.BytesIO(make_docx("修改稿正文")), "revised.docx"),
        "response_letter": (io.BytesIO(make_docx("逐条修改说明")), "letter.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    review_flow.anonymise()
    assert review_flow.decide("accept", override_reason=OVERRIDE).status_code == 302
    return ids, third


def _needles(app, scene, third) -> list[str]:
    with app.app_context():
        needles = [CONFIDENTIAL, DECLINE_REASON, SUGGESTION, OVERRIDE, "可以录用"]
        for uid in (*scene.reviewers, third):
            user = db.session.get(User, uid)
            needles += [user.name, user.email, user.affiliation, user.name_pinyin]
        return [n for n in needles if n]


def _texts(data: bytes, content_type: str) -> list[str]:
    """A response or attachment as text: every part of a Word file, the text of a PDF."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    if data[:5] == b"%PDF-":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        return [page.extract_text() for page in reader.pages] + [str(reader.metadata),
                                                                 data.decode("latin-1")]
    return [unescape(data.decode("utf-8", "replace"))]


def _crawl(client, seeds: list[str]) -> dict[str, list[str]]:
    """GET every page of the site an author reaches from `seeds` by following links."""
    seen, queue, corpus = set(), list(seeds), {}
    while queue and len(seen) < 300:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP):
            continue
        seen.add(path)
        for accept in ("text/html", "application/json"):
            response = client.get(path, headers={"Accept": accept})
            assert response.status_code < 500, path
            corpus[f"{accept} {path}"] = _texts(response.data, response.content_type)
        if response.status_code in (301, 302, 303):
            queue.append(urlsplit(response.headers["Location"]).path)
        html = response.get_data(as_text=True) if "html" in response.content_type else ""
        for link in re.findall(r'(?:href|src|action)="([^"#]+)"', html):
            target = urljoin(path, unescape(link))
            if urlsplit(target).netloc in ("", "localhost"):
                queue.append(urlsplit(target).path + (f"?{urlsplit(target).query}"
                                                      if urlsplit(target).query else ""))
    return corpus


def _mails(outbox) -> dict[str, list[str]]:
    corpus = {}
    for n, message in enumerate(outbox.deliver()):
        if message["To"] not in AUTHOR_ADDRESSES:
            continue
        parts = [str(message["Subject"])]
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if payload:
                parts += _texts(payload, part.get_content_type())
        corpus[f"mail {n} to {message['To']}: {message['Subject']}"] = parts
    return corpus


def _reviewer_addresses(app, scene) -> list[str]:
    """The reviewers' and editors' pages, asked by the author (an adversary's guesses)."""
    m = scene.manuscript
    paths = [f"/review/manuscripts/{m}", f"/review/manuscripts/{m}/decision",
             f"/desk/manuscripts/{m}", "/review/mine", "/review/", "/desk/"]
    with app.app_context():
        for assignment in db.session.scalars(select(ReviewAssignment)):
            a = assignment.id
            paths += [f"/review/assignments/{a}", f"/review/assignments/{a}/certificate.pdf"]
            paths += [f"/review/assignments/{a}/files/{f.id}"
                      for f in db.session.scalars(select(ReviewFile))]
    return paths


def test_an_author_reaches_nothing_of_the_reviewers(app, client, login, outbox, review_flow,
                                                    scene, make_user):
    _ids, third = _full_review_round(app, client, login, review_flow, scene, make_user)
    needles = _needles(app, scene, third)
    login(client, scene.author)
    m = scene.manuscript
    corpus = _crawl(client, ["/", "/manuscripts/", f"/manuscripts/{m}",
                             f"/review/manuscripts/{m}/reviews", f"/manuscripts/{m}/receipt.pdf",
                             f"/review/manuscripts/{m}/acceptance.pdf", "/account/profile",
                             *_reviewer_addresses(app, scene)])
    pages = len(corpus)
    corpus.update(_mails(outbox))
    assert pages > 20 and len(corpus) > pages  # the sweep did reach pages and mails
    assert any("稿件录用通知" in "".join(texts) for texts in corpus.values())
    hits = [(where, needle) for where, texts in corpus.items() for needle in needles
            if any(needle in text for text in texts)]
    assert hits == []
