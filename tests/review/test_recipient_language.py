"""Each author hears in their own language: an English-preferring co-author gets the mail and
the acceptance notice in English, with names in pinyin; a Chinese author gets Han names."""

import io

from pypdf import PdfReader
from sqlalchemy import select

from core.extensions import db
from submission.models import Manuscript, ManuscriptAuthor
from submission.recipients import Audience, recipients


def _english_co_author(app, scene):
    with app.app_context():
        co_author = db.session.scalar(select(ManuscriptAuthor).where(
            ManuscriptAuthor.manuscript_id == scene.manuscript, ManuscriptAuthor.name == "李娜"))
        co_author.locale = "en"
        db.session.commit()


def _pdf_text(message) -> str:
    attachment = next(message.iter_attachments())
    pages = PdfReader(io.BytesIO(attachment.get_content())).pages
    return "".join(p.extract_text() for p in pages).replace(" ", "")


def test_acceptance_notice_in_each_authors_language(app, outbox, review_flow, scene):
    _english_co_author(app, scene)
    review_flow.two_reviews()
    assert review_flow.decide("accept").status_code == 302
    letters = {m["To"]: m for m in outbox.deliver()
               if "review-decision" in m["X-Kanwu-Dedupe-Key"]}
    english = _pdf_text(letters["lina@hbu.example.org"])
    chinese = _pdf_text(letters["zhangwei@hbu.example.org"])
    assert "AcceptanceNotice" in english and "DearZhangWei,LiNa," in english
    assert "录用通知" in chinese and "张伟、李娜：" in chinese
    body = letters["lina@hbu.example.org"].get_body(("plain",)).get_content()
    assert "Your manuscript's reviews and letters" in body


def test_submission_mails_name_an_english_reader_in_pinyin(app, scene):
    _english_co_author(app, scene)
    with app.test_request_context():
        manuscript = db.session.get(Manuscript, scene.manuscript)
        names = {p.email: (p.name, p.locale) for p in recipients(manuscript, Audience.AUTHORS)}
    assert names["lina@hbu.example.org"] == ("Li Na", "en")
    assert names["zhangwei@hbu.example.org"] == ("张伟", "zh_CN")


def test_a_western_name_is_kept_as_typed_in_both_languages(app, scene):
    from core.i18n import name_in

    keller = ManuscriptAuthor(name="Maria Keller", name_pinyin="Maria Keller")
    assert name_in(keller, "en") == name_in(keller, "zh_CN") == "Maria Keller"
