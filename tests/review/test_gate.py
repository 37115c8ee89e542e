"""The anonymity gate's services: the worker holds a copy that names an author, and an editor
of the manuscript resolves it by masking, replacing, asking the authors or sending it anyway;
each resolution is refused in the wrong state, without its input, and to anyone else."""

import io
from datetime import datetime

import pytest
from werkzeug.exceptions import NotFound

from core.extensions import db
from review import gate
from review.errors import LinkGone, ReviewError
from review.models import FileState, ReviewFile, ReviewFileEvent
from tests.review.gate_support import (
    leaky_docx,
    leaky_pdf,
    passthrough_cleaner,
    plain_docx,
    start_round,
    text_pdf,
    use_file,
)


def _file(file_id: int) -> ReviewFile:
    return db.session.get(ReviewFile, file_id)


def _user(user_id: int):
    from accounts.models import User

    return db.session.get(User, user_id)


def _copy_text(review_file: ReviewFile) -> str:
    from review.anonymise import text_of
    from submission.storage import read_bytes

    return text_of(read_bytes(review_file.sha256), review_file.mimetype)


@pytest.fixture
def held_docx(app, scene, monkeypatch):
    """A Word copy whose byline the cleaner missed: held by the gate."""
    passthrough_cleaner(monkeypatch)
    use_file(app, scene.manuscript, leaky_docx())
    return start_round(app, scene)


@pytest.fixture
def held_pdf(app, scene):
    """A PDF whose page text names the author: no cleaner rewrites page text, so it is held."""
    use_file(app, scene.manuscript, leaky_pdf(), "application/pdf")
    return start_round(app, scene)


# --------------------------------------------------------------------------- the pipeline


def test_a_clean_copy_is_ready_with_no_hits(app, scene):
    file_id = start_round(app, scene)
    with app.app_context():
        review_file = _file(file_id)
        assert review_file.state == FileState.READY and review_file.hits == []


def test_the_gate_holds_a_copy_whose_pdf_text_names_the_author(app, scene, held_pdf):
    with app.app_context():
        review_file = _file(held_pdf)
        assert review_file.state == FileState.HELD
        found = {hit["value"] for hit in review_file.hits}
        assert "张伟" in found and "zhangwei@hbu.example.org" in found
        assert all({"kind", "value", "where", "context"} <= set(hit) for hit in review_file.hits)
        assert any("张伟" in hit["context"] for hit in review_file.hits)
        assert [e.action for e in review_file.events] == ["held"]


def test_the_editor_is_mailed_when_a_copy_is_held(app, scene, held_pdf, outbox):
    mails = [m for m in outbox.deliver() if "review-gate-held" in m["X-Kanwu-Dedupe-Key"]]
    assert [m["To"] for m in mails] == ["editor@example.org"]
    body = mails[0].get_body(("plain",)).get_content()
    assert "已被扣留" in body and f"/review/manuscripts/{scene.manuscript}" in body


def test_the_gate_holds_a_word_copy_the_cleaner_left_a_name_in(app, scene, held_docx):
    with app.app_context():
        assert _file(held_docx).state == FileState.HELD


# --------------------------------------------------------------------------- 1. mask


def test_masking_a_word_copy_releases_it(app, scene, held_docx, outbox):
    with app.test_request_context():
        review_file = _file(held_docx)
        assert gate.mask_hits(review_file, _user(scene.editor)) == FileState.READY
        db.session.commit()
        assert review_file.hits == [] and "张伟" not in _copy_text(review_file)
        assert [(e.action, e.outcome, e.actor_id) for e in review_file.events][-1] == \
            ("mask", "ready", scene.editor)


def test_masking_that_leaves_hits_keeps_the_copy_held_with_the_new_hits(app, scene, held_docx,
                                                                        monkeypatch):
    monkeypatch.setattr("review.gate.mask", lambda data, mimetype, identities: plain_docx(
        "高校图书馆数据服务研究", "通讯作者：lina@hbu.example.org"))
    with app.test_request_context():
        review_file = _file(held_docx)
        assert gate.mask_hits(review_file, _user(scene.editor)) == FileState.HELD
        assert {hit["value"] for hit in review_file.hits} == {"lina@hbu.example.org"}
        assert review_file.events[-1].outcome == "held"


def test_masking_a_pdf_is_refused_with_a_clear_message(app, scene, held_pdf):
    with app.test_request_context():
        review_file = _file(held_pdf)
        before = review_file.sha256
        with pytest.raises(ReviewError) as refused:
            gate.mask_hits(review_file, _user(scene.editor))
        assert refused.value.message.strip()
        db.session.rollback()
        review_file = _file(held_pdf)
        assert review_file.state == FileState.HELD and review_file.sha256 == before


# --------------------------------------------------------------------------- 2. replace


def test_a_clean_replacement_releases_the_copy_and_takes_its_type(app, scene, held_docx):
    with app.test_request_context():
        review_file = _file(held_docx)
        state = gate.replace_copy(review_file, _user(scene.editor),
                                  plain_docx("高校图书馆数据服务研究", "作者：【作者】"))
        assert state == FileState.READY and review_file.filename.endswith(".docx")
        assert review_file.events[-1].action == "replace"


def test_a_replacement_that_still_names_an_author_stays_held(app, scene, held_docx):
    with app.test_request_context():
        review_file = _file(held_docx)
        state = gate.replace_copy(review_file, _user(scene.editor),
                                  text_pdf("正文", "致谢：感谢李娜的帮助。"))
        assert state == FileState.HELD
        assert review_file.mimetype == "application/pdf"
        assert review_file.filename.endswith("-R1.pdf")
        assert {hit["value"] for hit in review_file.hits} == {"李娜"}


@pytest.mark.parametrize("data", [b"", b"just text, not a document",
                                  b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
                                  b"PK\x03\x04 broken zip"])
def test_a_replacement_that_is_not_a_word_or_pdf_file_is_refused(app, scene, held_docx, data):
    with app.test_request_context():
        review_file = _file(held_docx)
        with pytest.raises(ReviewError) as refused:
            gate.replace_copy(review_file, _user(scene.editor), data)
        assert refused.value.message
        db.session.rollback()
        assert _file(held_docx).state == FileState.HELD


# --------------------------------------------------------------------------- 3. ask the authors


def test_asking_the_authors_mails_an_upload_link_and_keeps_the_state(app, scene, held_docx,
                                                                      outbox):
    from submission.models import Manuscript

    with app.test_request_context():
        review_file = _file(held_docx)
        sent = gate.ask_authors(review_file, _user(scene.editor))
        db.session.commit()
        assert sent == ["zhangwei@hbu.example.org"]  # submitter and corresponding author
        assert db.session.get(Manuscript, scene.manuscript).state == "under_review"
        assert review_file.state == FileState.HELD and review_file.upload_nonce
        assert review_file.events[-1].action == "ask_authors"
    mails = [m for m in outbox.deliver() if "review-gate-request" in m["X-Kanwu-Dedupe-Key"]]
    assert [m["To"] for m in mails] == ["zhangwei@hbu.example.org"]
    assert "/review/anonymised-file/" in mails[0].get_body(("plain",)).get_content()


def test_an_author_upload_through_the_link_is_checked_and_the_editor_told(app, scene, held_docx,
                                                                          outbox):
    with app.test_request_context():
        review_file = _file(held_docx)
        gate.ask_authors(review_file, _user(scene.editor))
        token = gate.upload_token(review_file)
        db.session.commit()
    with app.test_request_context():
        assert gate.author_upload(token, plain_docx("高校图书馆数据服务研究")) == FileState.READY
        db.session.commit()
        review_file = _file(held_docx)
        assert review_file.events[-1].action == "author_upload"
        assert review_file.events[-1].actor_id is None
        with pytest.raises(LinkGone):  # the link dies with the request it answered
            gate.file_for_upload_token(token)
    told = [m for m in outbox.deliver() if "review-gate-uploaded" in m["X-Kanwu-Dedupe-Key"]]
    assert [m["To"] for m in told] == ["editor@example.org"]


def test_an_upload_link_is_for_one_file_and_the_newest_request(app, scene, held_docx):
    with app.test_request_context():
        review_file = _file(held_docx)
        gate.ask_authors(review_file, _user(scene.editor))
        old = gate.upload_token(review_file)
        gate.ask_authors(review_file, _user(scene.editor))
        db.session.commit()
        with pytest.raises(LinkGone):
            gate.file_for_upload_token(old)
        forged = gate._serializer().dumps({"f": review_file.id + 1,
                                           "n": review_file.upload_nonce})
        with pytest.raises(LinkGone):
            gate.file_for_upload_token(forged)
        with pytest.raises(LinkGone):
            gate.file_for_upload_token(gate.upload_token(review_file)[:-2] + "xx")


# --------------------------------------------------------------------------- 4. send anyway


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_sending_anyway_needs_a_reason(app, scene, held_docx, reason):
    with app.test_request_context():
        with pytest.raises(ReviewError):
            gate.send_anyway(_file(held_docx), _user(scene.editor), reason)
        db.session.rollback()
        assert _file(held_docx).state == FileState.HELD


def test_sending_anyway_releases_the_copy_and_records_the_reason(app, scene, held_docx, outbox):
    with app.test_request_context():
        review_file = _file(held_docx)
        gate.ask_authors(review_file, _user(scene.editor))
        token = gate.upload_token(review_file)
        gate.send_anyway(review_file, _user(scene.editor), "作者姓名已在公开预印本中")
        db.session.commit()
        event = review_file.events[-1]
        assert (review_file.state, event.action, event.note) == \
            ("ready", "send_anyway", "作者姓名已在公开预印本中")
        with pytest.raises(LinkGone):  # nothing left for the authors to upload
            gate.file_for_upload_token(token)


# --------------------------------------------------------------------------- refusals


RESOLUTIONS = [
    ("mask", lambda f, u: gate.mask_hits(f, u)),
    ("replace", lambda f, u: gate.replace_copy(f, u, plain_docx("正文"))),
    ("ask", lambda f, u: gate.ask_authors(f, u)),
    ("send", lambda f, u: gate.send_anyway(f, u, "理由")),
]


@pytest.mark.parametrize("name, resolve", RESOLUTIONS)
def test_a_ready_copy_has_nothing_to_resolve(app, scene, name, resolve):
    file_id = start_round(app, scene)
    with app.test_request_context():
        with pytest.raises(ReviewError):
            resolve(_file(file_id), _user(scene.editor))
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(ReviewFileEvent.id))) == 0


@pytest.mark.parametrize("name, resolve", RESOLUTIONS)
def test_only_an_editor_who_is_no_author_resolves(app, scene, held_docx, make_user, name,
                                                  resolve):
    from submission.models import Manuscript, ManuscriptAuthor

    editor_author = make_user(email="ed-author@example.org", roles=("editor",), name="王编辑")
    with app.test_request_context():
        manuscript = db.session.get(Manuscript, scene.manuscript)
        # a confirmed co-author: an unconfirmed address grants (and conflicts) nothing
        manuscript.authors.append(ManuscriptAuthor(position=5, name="王编辑",
                                                   email="ed-author@example.org",
                                                   user_id=editor_author,
                                                   confirmed_at=datetime(2026, 11, 1)))
        db.session.commit()
        for intruder in (scene.author, scene.reviewers[0], editor_author):
            with pytest.raises(NotFound):
                resolve(_file(held_docx), _user(intruder))
            db.session.rollback()
        review_file = _file(held_docx)
        assert review_file.state == FileState.HELD
        assert [e.action for e in review_file.events] == ["held"]


def test_a_failed_copy_can_be_replaced_but_not_masked_or_sent(app, scene, monkeypatch, outbox):
    from review.anonymise import AnonymiseError

    def broken(data, mimetype, identities):
        raise AnonymiseError("broken part word/document.xml")

    monkeypatch.setattr("review.gate.clean", broken)
    file_id = start_round(app, scene)
    monkeypatch.undo()
    with app.test_request_context():
        review_file = _file(file_id)
        assert review_file.state == FileState.FAILED
        editor = _user(scene.editor)
        for resolve in (gate.mask_hits, lambda f, u: gate.send_anyway(f, u, "理由")):
            with pytest.raises(ReviewError):
                resolve(review_file, editor)
        gate.ask_authors(review_file, editor)
        assert gate.replace_copy(review_file, editor, plain_docx("正文")) == FileState.READY
        db.session.commit()
    asked = [m for m in outbox.deliver() if "review-gate-request" in m["X-Kanwu-Dedupe-Key"]]
    assert "无法读取" in asked[0].get_body(("plain",)).get_content()


def test_the_copy_sent_to_reviewers_is_the_cleaned_one(app, scene, held_pdf):
    from pypdf import PdfReader

    from submission.storage import read_bytes

    with app.test_request_context():
        review_file = _file(held_pdf)
        gate.send_anyway(review_file, _user(scene.editor), "作者同意")
        reader = PdfReader(io.BytesIO(read_bytes(review_file.sha256)))
        assert "张伟" not in str(reader.metadata or {})
