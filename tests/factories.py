"""Test data builders shared by every package's tests."""

from itertools import count

from core.extensions import db
from journal.models import Column

_seq = count(1)


def make_column(**fields) -> Column:
    n = next(_seq)
    column = Column(slug=fields.pop("slug", f"col{n}"), name_zh=fields.pop("name_zh", f"栏目{n}"),
                    name_en=fields.pop("name_en", f"Column {n}"), **fields)
    db.session.add(column)
    db.session.flush()
    return column


def make_manuscript(submitter_id: int, *, state: str = "draft", authors=None, **fields):
    """A manuscript put straight into `state` (a fixture shortcut: production code moves
    states only through submission.workflow.advance)."""
    from submission.models import Manuscript, ManuscriptAuthor

    n = next(_seq)
    column = fields.pop("column", None) or make_column()
    manuscript = Manuscript(
        submitter_id=submitter_id,
        column=column,
        state=state,
        number=fields.pop("number", None if state == "draft" else f"HBKJTY-2026-{n:04d}"),
        number_year=fields.pop("number_year", 2026),
        title_zh=fields.pop("title_zh", f"高校图书馆数据服务研究{n}"),
        title_en=fields.pop("title_en", f"Data services in university libraries {n}"),
        abstract_zh=fields.pop("abstract_zh", "目的：探讨高校图书馆数据服务。" * 10),
        abstract_en=fields.pop("abstract_en", "Purpose: to study data services. " * 5),
        keywords_zh=fields.pop("keywords_zh", ["图书馆", "数据服务", "高校"]),
        keywords_en=fields.pop("keywords_en", ["library", "data services", "university"]),
        **fields,
    )
    authors = authors or [{"name": "张伟", "email": "zhangwei@example.org"}]
    for position, author in enumerate(authors):
        manuscript.authors.append(ManuscriptAuthor(position=position, **author))
    db.session.add(manuscript)
    db.session.flush()
    return manuscript
