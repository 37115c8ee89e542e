"""Builders for the anonymity gate's tests: files that name the authors of the review scene
(张伟, 李娜), and a round started on them."""

import io

from core.extensions import db

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BYLINE = "张伟（河北大学图书馆，zhangwei@hbu.example.org）"


def plain_docx(*paragraphs: str) -> bytes:
    """A Word file with only these paragraphs: no author in its properties, no comments."""
    from docx import Document

    document = Document()
    document.core_properties.author = ""
    document.core_properties.last_modified_by = ""
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_pdf(*paragraphs: str, author: str = "") -> bytes:
    """A PDF whose page text is these paragraphs (extractable, CJK included)."""
    from weasyprint import HTML

    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    head = f'<meta name="author" content="{author}">' if author else ""
    return HTML(string=f"<html><head>{head}</head><body>{body}</body></html>").write_pdf()


def leaky_docx() -> bytes:
    return plain_docx("高校图书馆数据服务研究", BYLINE, "摘要：本文研究数据服务。")


def leaky_pdf() -> bytes:
    return text_pdf("高校图书馆数据服务研究", BYLINE, "摘要：本文研究数据服务。", author="张伟")


def use_file(app, manuscript_id: int, data: bytes, mimetype: str = DOCX_MIME) -> None:
    """Give the scene's manuscript this file as its text, before the round starts."""
    from submission.models import Manuscript
    from submission.storage import save_bytes

    with app.app_context():
        manuscript = db.session.get(Manuscript, manuscript_id)
        source = manuscript.files[0]
        source.sha256, source.size, source.mimetype = save_bytes(data), len(data), mimetype
        db.session.commit()


def start_round(app, scene) -> int:
    """Send the scene's manuscript to review and run the worker; the copy's id."""
    from accounts.models import User
    from review.models import ReviewFile
    from review.tasks import anonymise_pending
    from submission.models import Manuscript
    from submission.workflow import Action, advance

    with app.test_request_context():
        advance(db.session.get(Manuscript, scene.manuscript), Action.SEND_TO_REVIEW,
                db.session.get(User, scene.editor))
        db.session.commit()
    anonymise_pending()
    with app.app_context():
        return db.session.scalar(db.select(ReviewFile.id).order_by(ReviewFile.id.desc()))


def passthrough_cleaner(monkeypatch) -> None:
    """A cleaner that misses what the detector finds: the gate must still hold the copy."""
    monkeypatch.setattr("review.gate.clean", lambda data, mimetype, identities: data)
