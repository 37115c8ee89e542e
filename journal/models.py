"""The journal itself: its settings, its guideline pages and its columns (栏目)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.enums import TitledEnum, enum_check
from core.extensions import db


class ReviewMode(TitledEnum):
    DOUBLE_BLIND = "double_blind", _l("Double-blind")
    SINGLE_BLIND = "single_blind", _l("Single-blind")
    OPEN = "open", _l("Open review")


class Journal(db.Model):
    """The journal's settings: one row, edited by admins."""

    __tablename__ = "journal"
    __table_args__ = (enum_check("review_mode", ReviewMode),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200), default="河北科技图苑")
    name_en: Mapped[str] = mapped_column(
        String(200), default="Hebei Science and Technology Library Journal"
    )
    former_name: Mapped[str] = mapped_column(String(200), default="河北图苑")
    issn: Mapped[str] = mapped_column(String(20), default="")
    cn: Mapped[str] = mapped_column(String(20), default="")
    sponsor_zh: Mapped[str] = mapped_column(String(300), default="")
    sponsor_en: Mapped[str] = mapped_column(String(300), default="")
    frequency_zh: Mapped[str] = mapped_column(String(50), default="双月刊")
    frequency_en: Mapped[str] = mapped_column(String(50), default="Bimonthly")
    issues_per_year: Mapped[int] = mapped_column(Integer, default=6)
    number_prefix: Mapped[str] = mapped_column(String(20), default="HBKJTY")
    review_mode: Mapped[ReviewMode] = mapped_column(String(20),
                                                    default=ReviewMode.DOUBLE_BLIND)
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    # DOIs (journal.doi): none are given while the prefix is empty.
    doi_prefix: Mapped[str] = mapped_column(String(50), default="")
    doi_suffix_pattern: Mapped[str] = mapped_column(String(200),
                                                    default="hbkjty.{year}.{issue}.{seq:03d}")
    # Every date and time shown (pages, mails, PDFs) is on this clock; stored times stay UTC.
    time_zone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    # Machine-readable submission rules (edited beside the 征稿要求 page).
    title_max_chars: Mapped[int] = mapped_column(Integer, default=20)
    abstract_min_chars: Mapped[int] = mapped_column(Integer, default=200)
    abstract_max_chars: Mapped[int] = mapped_column(Integer, default=300)
    keywords_min: Mapped[int] = mapped_column(Integer, default=3)
    keywords_max: Mapped[int] = mapped_column(Integer, default=8)
    length_limit_chars: Mapped[int] = mapped_column(Integer, default=8000)
    allowed_file_types: Mapped[str] = mapped_column(String(100), default="docx,pdf")
    max_file_mb: Mapped[int] = mapped_column(Integer, default=20)
    # Peer review (外审) and decisions (终审).
    review_due_days: Mapped[int] = mapped_column(Integer, default=21)
    response_due_days: Mapped[int] = mapped_column(Integer, default=7)
    revision_due_days: Mapped[int] = mapped_column(Integer, default=30)
    required_reviews: Mapped[int] = mapped_column(Integer, default=2)
    reminder_days_before: Mapped[str] = mapped_column(String(50), default="3")
    reminder_days_after: Mapped[str] = mapped_column(String(50), default="3,7")
    chief_editor_step: Mapped[bool] = mapped_column(Boolean, default=False)
    # Closing the loop: each reviewer of a decided round is mailed the decision with the other
    # reviewers' comments for the authors, as "Reviewer 1, 2" (review.outcome). Off by default.
    tell_reviewers_outcome: Mapped[bool] = mapped_column(Boolean, default=False)
    review_hard_lock: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def allowed_extensions(self) -> list[str]:
        return [e.strip().lower() for e in self.allowed_file_types.split(",") if e.strip()]


def get_journal() -> Journal:
    """The journal's settings row, created with defaults on first use.

    Looked up once per database session (a page asks for it several times): the row stays in
    the session, so a commit or an admin's edit is seen as usual."""
    journal = db.session.info.get("journal")
    if journal is not None and journal in db.session:
        return journal
    # (the first row: were a second ever made by two first uses at once, every reader and
    # writer still agrees on one)
    journal = db.session.scalar(select(Journal).order_by(Journal.id).limit(1))
    if journal is None:
        journal = Journal()
        db.session.add(journal)
        db.session.flush()
    db.session.info["journal"] = journal
    return journal


class GuidelinePage(db.Model):
    """One of the six guideline pages (刊物宗旨, 征稿要求, ...), written in Markdown."""

    __tablename__ = "guideline_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_zh: Mapped[str] = mapped_column(String(100))
    title_en: Mapped[str] = mapped_column(String(100))
    body_zh: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


# The six pages of the journal's site, in its navigation order: slug, Chinese and English titles.
GUIDELINE_PAGES = [
    ("aims", "刊物宗旨", "Aims and Scope"),
    ("guidelines", "征稿要求", "Author Guidelines"),
    ("how-to-submit", "投稿方式", "How to Submit"),
    ("receipt", "收稿方式", "Receipt of Manuscripts"),
    ("databases", "数据库", "Indexing Databases"),
    ("columns", "栏目设置", "Columns"),
]


class Column(db.Model):
    """A column (栏目) of the journal, which manuscripts are submitted to."""

    __tablename__ = "columns"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    description_zh: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    length_limit_chars: Mapped[int | None] = mapped_column(Integer, nullable=True)


def active_columns() -> list[Column]:
    return list(
        db.session.scalars(select(Column).where(Column.active).order_by(Column.position, Column.id))
    )


def guideline_pages() -> list[GuidelinePage]:
    """The six guideline pages that exist, in the order of GUIDELINE_PAGES."""
    pages = {p.slug: p for p in db.session.scalars(select(GuidelinePage))}
    return [pages[slug] for slug, _zh, _en in GUIDELINE_PAGES if slug in pages]
