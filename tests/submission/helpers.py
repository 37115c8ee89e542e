"""Builders for the submission and editorial tests, going through the real services."""

from accounts.models import User
from core.extensions import db
from submission import services
from submission.samples import sample_docx
from tests.factories import make_column

CO_AUTHORS = [
    {"name": "李娜", "email": "lina@example.org", "affiliation": "河北师范大学", "locale": "en"},
    {"name": "王强", "email": "wangqiang@example.org", "affiliation": "燕山大学",
     "locale": "zh_CN"},
]


def ready_draft(author_id: int, *, co_authors=CO_AUTHORS, data: bytes | None = None,
                column=None, **metadata):
    """A draft with everything the wizard asks for, ready to submit."""
    author = db.session.get(User, author_id)
    manuscript = services.start_submission(author, column or make_column())
    services.confirm_checklist(manuscript, author)
    services.upload_file(manuscript, author, filename="论文.docx", data=data or sample_docx())
    services.prefill_from_file(manuscript, author)
    services.save_metadata(manuscript, author, **metadata)
    for fields in co_authors:
        services.add_author(manuscript, author, **fields)
    return manuscript


def submitted(author_id: int, **kwargs):
    manuscript = ready_draft(author_id, **kwargs)
    services.submit_manuscript(manuscript, db.session.get(User, author_id))
    return manuscript
