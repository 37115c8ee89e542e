"""A manuscript with known authors, ready for peer review, and the people around it."""

import io
import re
from dataclasses import dataclass

import pytest

from core.extensions import db
from tests.factories import make_manuscript

AUTHORS = [
    {"name": "张伟", "name_pinyin": "Zhang Wei", "email": "zhangwei@hbu.example.org",
     "affiliation": "河北大学图书馆", "corresponding": True},
    {"name": "李娜", "name_pinyin": "Li Na", "email": "lina@hbu.example.org",
     "affiliation": "河北大学管理学院"},
]
AUTHOR_STRINGS = ["张伟", "Zhang Wei", "zhangwei@hbu.example.org", "李娜", "Li Na",
                  "lina@hbu.example.org", "河北大学"]


def make_docx(body: str = "高校图书馆数据服务研究正文。", author: str = "张伟",
              comment_author: str = "李娜") -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.author = author
    document.core_properties.last_modified_by = author
    document.core_properties.comments = f"written by {author}"
    paragraph = document.add_paragraph(body)
    document.add_comment(paragraph.runs, text="请核对数据", author=comment_author, initials="LN")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pdf(author: str = "张伟") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": author, "/Creator": author, "/Title": "draft"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    """The scenes create many accounts; argon2's production cost is not what is tested here."""
    from argon2 import PasswordHasher

    from accounts import passwords

    monkeypatch.setattr(passwords, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@dataclass
class Scene:
    editor: int
    reviewers: list[int]
    author: int
    manuscript: int


@pytest.fixture
def scene(app, make_user):
    """An editor, two reviewers, an author (张伟) and a received manuscript with a Word file."""
    editor = make_user(email="editor@example.org", roles=("editor",), name="编辑赵敏")
    reviewers = [
        make_user(email="rev1@example.org", roles=("reviewer",), name="审稿人陈晓明",
                  affiliation="北京大学图书馆"),
        make_user(email="rev2@example.org", roles=("reviewer",), name="审稿人刘洋",
                  name_pinyin="Liu Yang", affiliation="南开大学", locale="en"),
    ]
    author = make_user(email=AUTHORS[0]["email"], roles=("author",), name="张伟")
    with app.app_context():
        from accounts.models import User
        from submission.models import ManuscriptFile
        from submission.storage import save_bytes

        db.session.get(User, reviewers[0]).expertise = "数据服务, 数字图书馆"
        db.session.get(User, reviewers[1]).expertise = "信息检索, 数据服务"

        data = make_docx("本文研究高校图书馆数据服务。")
        manuscript = make_manuscript(author, state="received",
                                     authors=[dict(a, user_id=author if i == 0 else None)
                                              for i, a in enumerate(AUTHORS)])
        manuscript.files.append(ManuscriptFile(
            kind="manuscript", version=1, original_name="张伟-论文.docx",
            sha256=save_bytes(data), size=len(data), uploaded_by_id=author,
            mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        db.session.commit()
        return Scene(editor, reviewers, author, manuscript.id)


def links_in(message) -> list[str]:
    body = message.get_body(("plain",)).get_content()
    return re.findall(r"http://\S+", body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def stored_default(verdict):
    """The journal's default letter of `verdict`, stored as its editable template."""
    from review.decisions import DEFAULT_LETTERS
    from review.letter_templates import editable_template

    template = editable_template(verdict, DEFAULT_LETTERS[verdict])
    db.session.add(template)
    db.session.flush()
    return template


def from_page(page: str) -> dict:
    """The Referer a browser sends with a form posted from `page`: a refusal leads back there."""
    return {"Referer": f"http://localhost{page}"}


def refused(client, response, page: str) -> str:
    """A refused form post (core.refusals): a 303 back to the page the form was on, which then
    shows the reason. The text of that page."""
    assert response.status_code == 303, response.get_data(as_text=True)
    assert path_of(response.location) == page
    return client.get(response.location, follow_redirects=True).get_data(as_text=True)


@pytest.fixture
def review_flow(app, client, login, outbox, scene):
    """Helpers driving the review through the real views."""

    class Flow:
        def start(self):
            login(client, scene.editor)
            response = client.post(f"/review/manuscripts/{scene.manuscript}/start")
            assert response.status_code == 302, response.get_data(as_text=True)
            self.anonymise()

        def anonymise(self):
            from review.tasks import anonymise_pending

            with app.app_context():
                anonymise_pending()

        def invite(self, reviewer_id):
            login(client, scene.editor)
            response = client.post(f"/review/manuscripts/{scene.manuscript}/invite",
                                   data={"reviewer_id": reviewer_id})
            assert response.status_code == 302
            return self.assignment_of(reviewer_id)

        def assignment_of(self, reviewer_id):
            from sqlalchemy import select

            from review.models import ReviewAssignment

            with app.app_context():
                return db.session.scalar(
                    select(ReviewAssignment.id).where(ReviewAssignment.reviewer_id == reviewer_id)
                    .order_by(ReviewAssignment.id.desc()).limit(1))

        def invitation_links(self, email):
            messages = [m for m in outbox.deliver() if m["To"] == email
                        and "review-invitation" in m["X-Kanwu-Dedupe-Key"]]
            accept, decline = [path_of(u) for u in links_in(messages[-1])[:2]]
            return accept, decline

        def sign_out(self):
            """The reviewer opens their mail's link in a browser where nobody is signed in."""
            with client.session_transaction() as sess:
                sess.clear()

        def accept(self, reviewer_id, email):
            accept, _decline = self.invitation_links(email)
            client.get("/")
            login(client, reviewer_id)
            response = client.post(accept, data={"a-declaration": "y",
                                                 "a-competing_interests": ""})
            assert response.status_code == 302, response.get_data(as_text=True)

        def review(self, reviewer_id, assignment_id, scores=(4, 4, 4, 4),
                   recommendation="minor_revision", text="论证充分，建议小修。"):
            login(client, reviewer_id)
            data = {f"score-c{i + 1}": str(s) for i, s in enumerate(scores)}
            data.update(recommendation=recommendation, comments_to_author=text,
                        comments_to_editor="可以录用", action="submit")
            return client.post(f"/review/assignments/{assignment_id}", data=data)

        def two_reviews(self):
            self.start()
            ids = []
            for reviewer_id, email, scores in ((scene.reviewers[0], "rev1@example.org",
                                                (5, 4, 4, 3)),
                                               (scene.reviewers[1], "rev2@example.org",
                                                (2, 4, 3, 3))):
                assignment_id = self.invite(reviewer_id)
                self.accept(reviewer_id, email)
                assert self.review(reviewer_id, assignment_id, scores).status_code == 302
                ids.append(assignment_id)
            return ids

        def decide(self, verdict, override_reason=""):
            login(client, scene.editor)
            letter = client.post(f"/review/manuscripts/{scene.manuscript}/decision/letter",
                                 data={"verdict": verdict, "override_reason": override_reason})
            assert letter.status_code == 200, letter.get_data(as_text=True)
            return client.post(f"/review/manuscripts/{scene.manuscript}/decision/send", data={
                "verdict": verdict, "override_reason": override_reason,
                **letter_fields(letter.get_data(as_text=True))})

    return Flow()


def letter_fields(html: str) -> dict:
    """The letter page's fields as drafted (the version, and each language's letter)."""
    import html as html_module

    fields = {}
    for name in ("version", "letter_subject", "letter_subject_en"):
        found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
        if found:
            fields[name] = html_module.unescape(found.group(1))
    for name in ("letter_body", "letter_body_en"):
        found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
        if found:
            fields[name] = html_module.unescape(found.group(1))
    return fields


def past_assignment(reviewer_id: int, submitter_id: int, *, invited, state="submitted",
                    responded=None, submitted=None, reply_days=7, review_days=30,
                    cancelled=None, rating=None, rated_by=None, **manuscript):
    """A review assignment as it stands after its history, on a manuscript of its own (times
    in days after `invited`, a naive UTC moment). Returns the assignment, flushed."""
    from datetime import timedelta

    from review.models import ReviewAssignment, ReviewRound
    from tests.factories import make_manuscript

    def at(days):
        return invited + timedelta(days=days) if days is not None else None

    review_round = ReviewRound(manuscript=make_manuscript(submitter_id, state="under_review",
                                                          **manuscript), number=1)
    assignment = ReviewAssignment(
        round=review_round, reviewer_id=reviewer_id, state=state, invited_at=invited,
        response_due_at=at(reply_days), review_due_at=at(review_days), responded_at=at(responded),
        submitted_at=at(submitted), cancelled_at=at(cancelled), quality_rating=rating,
        rated_by_id=rated_by, rated_at=at(submitted) if rating else None)
    db.session.add(assignment)
    db.session.flush()
    return assignment
