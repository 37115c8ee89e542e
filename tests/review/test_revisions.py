"""Revisions: a new round with the revised file and response letter; late uploads allowed."""

import io
from datetime import timedelta

import time_machine
from sqlalchemy import select

from core.clock import utcnow
from core.extensions import db
from review.models import ReviewFile, ReviewRound
from submission.models import Manuscript, WorkflowEvent
from tests.review.conftest import from_page, make_docx, refused


def _reviews_page(manuscript_id) -> str:
    return f"/review/manuscripts/{manuscript_id}/reviews"


def _upload(client, manuscript_id, revised=None, letter=None, **fields):
    """Posted from the author's reviews page, as its form is."""
    return client.post(f"/review/manuscripts/{manuscript_id}/revision", data={
        "revised": (io.BytesIO(revised or make_docx("修改稿")), "revised.docx"),
        "response_letter": (io.BytesIO(letter or make_docx("修改说明")), "letter.docx"),
        **fields}, content_type="multipart/form-data",
        headers=from_page(_reviews_page(manuscript_id)))


def test_revision_starts_a_new_round_with_anonymised_files(app, client, login, outbox,
                                                          review_flow, scene):
    review_flow.two_reviews()
    review_flow.decide("minor_revision")
    login(client, scene.author)
    page = client.get(f"/review/manuscripts/{scene.manuscript}/reviews").get_data(as_text=True)
    assert "提交修改稿" in page and "审稿人1" in page
    assert _upload(client, scene.manuscript).status_code == 302
    review_flow.anonymise()
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "under_review"
        second = db.session.scalar(select(ReviewRound).where(ReviewRound.number == 2))
        names = sorted(f.filename for f in db.session.scalars(
            select(ReviewFile).where(ReviewFile.round_id == second.id)))
        assert [n.split("-R")[1] for n in names] == ["2-response.docx", "2.docx"]
        assert second.response_letter_file_id is not None
    mail = [m for m in outbox.deliver() if "review-revision" in m["X-Kanwu-Dedupe-Key"]]
    assert mail and mail[0]["To"] == "editor@example.org"


def test_revision_after_the_due_date_is_accepted_with_a_note(app, client, login, outbox,
                                                            review_flow, scene):
    review_flow.two_reviews()
    review_flow.decide("major_revision")
    with time_machine.travel(utcnow() + timedelta(days=33), tick=False):
        login(client, scene.author)
        assert _upload(client, scene.manuscript).status_code == 302
        with app.app_context():
            event = db.session.scalar(select(WorkflowEvent).order_by(WorkflowEvent.id.desc()))
            assert event.action == "submit_revision" and "逾期 3 天" in event.note
        body = [m for m in outbox.deliver() if "review-revision" in m["X-Kanwu-Dedupe-Key"]][0]
    assert "逾期 3 天" in body.get_body(("plain",)).get_content()


def test_revision_needs_both_files_of_an_accepted_type(app, client, login, review_flow, scene):
    review_flow.two_reviews()
    review_flow.decide("minor_revision")
    login(client, scene.author)
    response = _upload(client, scene.manuscript, letter=b"GIF89a not a letter")
    assert "修改说明必须是 PDF 或 Word" in refused(client, response,
                                                _reviews_page(scene.manuscript))
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "revision_requested"


def test_revision_from_the_wrong_state_or_by_someone_else(app, client, login, review_flow,
                                                         scene):
    review_flow.two_reviews()
    login(client, scene.author)
    response = _upload(client, scene.manuscript)
    assert "没有退修要求" in refused(client, response, _reviews_page(scene.manuscript))
    login(client, scene.reviewers[0])
    assert _upload(client, scene.manuscript).status_code == 404


def test_full_cycle_minor_revision_then_accept(app, client, login, outbox, review_flow, scene):
    ids = review_flow.two_reviews()
    review_flow.decide("minor_revision")
    login(client, scene.author)
    _upload(client, scene.manuscript)
    review_flow.anonymise()
    login(client, scene.editor)
    client.post(f"/review/manuscripts/{scene.manuscript}/reinvite")
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    second = review_flow.assignment_of(scene.reviewers[0])
    assert second not in ids
    login(client, scene.reviewers[0])
    form = client.get(f"/review/assignments/{second}").get_data(as_text=True)
    assert "上一轮" in form and "论证充分，建议小修。" in form
    review_flow.review(scene.reviewers[0], second, recommendation="accept", text="已按意见修改")
    assert review_flow.decide("accept", override_reason="小修后一位专家复审即可").status_code == 302
    login(client, scene.author)
    notice = client.get(f"/review/manuscripts/{scene.manuscript}/acceptance.pdf")
    assert notice.status_code == 200 and notice.data.startswith(b"%PDF")


def test_every_author_is_told_that_the_revision_arrived(app, client, login, outbox, review_flow,
                                                       scene):
    review_flow.two_reviews()
    review_flow.decide("minor_revision")
    sent_before = len(outbox.deliver())
    login(client, scene.author)
    assert _upload(client, scene.manuscript).status_code == 302
    with app.app_context():
        number = db.session.get(Manuscript, scene.manuscript).number
    mails = {m["To"]: m for m in outbox.deliver()[sent_before:]
             if m["Subject"] == f"修改稿已收到：{number}"}
    assert set(mails) == {"zhangwei@hbu.example.org", "lina@hbu.example.org"}
    body = mails["lina@hbu.example.org"].get_body(("plain",)).get_content()
    assert number in body and f"/manuscripts/{scene.manuscript}" in body


def test_a_revised_file_we_cannot_read_is_refused_with_the_message_that_fits_it(
        app, client, login, review_flow, scene):
    import zipfile

    review_flow.two_reviews()
    review_flow.decide("minor_revision")
    login(client, scene.author)
    macro = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx("修改稿"))) as source, \
            zipfile.ZipFile(macro, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/vbaProject.bin", b"macro")
    page = refused(client, _upload(client, scene.manuscript, revised=macro.getvalue()),
                   _reviews_page(scene.manuscript))
    assert "修改稿未被接受" in page and "启用宏" in page
    from docx import Document

    empty = io.BytesIO()
    Document().save(empty)
    page = refused(client, _upload(client, scene.manuscript, revised=empty.getvalue()),
                   _reviews_page(scene.manuscript))
    assert "修改稿未被接受" in page and "不含任何文字" in page
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "revision_requested"


def test_the_revised_file_is_format_checked_for_the_author_and_the_editor(
        app, client, login, review_flow, scene):
    from submission.samples import sample_docx

    review_flow.two_reviews()
    review_flow.decide("minor_revision")
    with app.app_context():
        before = db.session.get(Manuscript, scene.manuscript).compliance_report
        version = db.session.get(Manuscript, scene.manuscript).version_id  # as the form sends
    login(client, scene.author)
    response = _upload(client, scene.manuscript, revised=sample_docx(abstract=None),
                       version=version)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        manuscript = db.session.get(Manuscript, scene.manuscript)
        report = manuscript.compliance_report
        assert report != before
        assert report["file_id"] == manuscript.latest_file("revision").id
        failed = [i["code"] for i in report["items"] if not i["passed"]]
    assert failed and all(f'data-code="{code}"' in page for code in failed)
    assert "修改稿中有需要修改的格式问题" in page
    login(client, scene.editor)
    console = client.get(f"/desk/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert all(f'data-code="{code}"' in console for code in failed)
