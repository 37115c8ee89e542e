"""Issues, the published form of each article (its metadata frozen at acceptance), corrections
and the search index the publish step keeps."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from core.clock import utcnow
from core.enums import TitledEnum, enum_check
from core.extensions import db


class IssueState(TitledEnum):
    PLANNED = "planned", _l("Planned")
    IN_PRODUCTION = "in_production", _l("In production")
    PUBLISHED = "published", _l("Published")


class Issue(db.Model):
    __tablename__ = "issues"
    __table_args__ = (UniqueConstraint("year", "number"), enum_check("state", IssueState))

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    volume: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    cover_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    cover_ext: Mapped[str] = mapped_column(String(8), default="")
    publication_date: Mapped[date] = mapped_column(Date)
    state: Mapped[IssueState] = mapped_column(String(20), default=IssueState.PLANNED.value,
                                              index=True)
    published_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    articles: Mapped[list["Article"]] = relationship(
        back_populates="issue", order_by="Article.position, Article.id"
    )

    @property
    def label_zh(self) -> str:
        return f"{self.year}年第{self.number}期"

    @property
    def is_published(self) -> bool:
        return self.state == IssueState.PUBLISHED


class Article(db.Model):
    """What the public site shows of a manuscript. Its metadata is a snapshot taken at
    acceptance, edited by the editor before publishing (the manuscript itself stays as the
    authors left it). Legacy articles imported from the old site have no manuscript."""

    __tablename__ = "articles"
    # OAI-PMH reads the articles in (datestamp, id) order, a page at a time (publishing.oai).
    __table_args__ = (Index("ix_articles_updated_at_id", "updated_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int | None] = mapped_column(
        ForeignKey("manuscripts.id"), unique=True, nullable=True
    )
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("issues.id"), nullable=True, index=True)
    column_id: Mapped[int | None] = mapped_column(ForeignKey("columns.id"), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    page_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    page_end: Mapped[int | None] = mapped_column(Integer, nullable=True)

    title_zh: Mapped[str] = mapped_column(String(500), default="")
    title_en: Mapped[str] = mapped_column(String(500), default="")
    abstract_zh: Mapped[str] = mapped_column(Text, default="")
    abstract_en: Mapped[str] = mapped_column(Text, default="")
    keywords_zh: Mapped[list] = mapped_column(JSON, default=list)
    keywords_en: Mapped[list] = mapped_column(JSON, default=list)
    # [{name, name_pinyin, affiliation, affiliation_en, city, postcode, corresponding}]
    authors: Mapped[list] = mapped_column(JSON, default=list)
    clc_number: Mapped[str] = mapped_column(String(50), default="")
    document_code: Mapped[str] = mapped_column(String(5), default="A")
    funding: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    accepted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)

    # Given while scheduled (publishing.dois), frozen at publication; legacy ones imported.
    doi: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    # The public address without a leading slash, e.g. qikandaodu/2026/0101/12.html.
    path: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    legacy: Mapped[bool] = mapped_column(Boolean, default=False)
    final_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    galley_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The sanitised full text, converted once from the final docx; body_sha256 keys the pages.
    body_html: Mapped[str] = deferred(mapped_column(Text, default=""))
    body_sha256: Mapped[str] = mapped_column(String(64), default="")
    conversion_messages: Mapped[list] = mapped_column(JSON, default=list)
    frozen_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    issue: Mapped[Issue | None] = relationship(back_populates="articles")
    column = relationship("Column")
    manuscript = relationship("Manuscript")
    corrections: Mapped[list["Correction"]] = relationship(
        back_populates="article", order_by="Correction.id", cascade="all, delete-orphan"
    )

    @property
    def is_published(self) -> bool:
        return self.path is not None and self.published_on is not None

    @property
    def url(self) -> str:
        return f"/{self.path}" if self.path else ""


class Correction(db.Model):
    """A dated note shown on a published article's page after the editor corrected it."""

    __tablename__ = "article_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    note_zh: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="corrections")


class SearchEntry(db.Model):
    """Jieba-segmented text of one published article (space-separated tokens, padded with
    spaces so a token matches with LIKE '% token %' on SQLite and PostgreSQL alike)."""

    __tablename__ = "search_entries"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    source_sha256: Mapped[str] = mapped_column(String(64))
    head_tokens: Mapped[str] = mapped_column(Text, default="")  # title, authors, keywords
    tokens: Mapped[str] = mapped_column(Text, default="")  # everything incl. abstract, full text


class DepositState(TitledEnum):
    PENDING = "pending", _l("Pending")
    SUBMITTED = "submitted", _l("Submitted")
    REGISTERED = "registered", _l("Registered")
    FAILED = "failed", _l("Failed")


class CrossrefDeposit(db.Model):
    """An article's DOI registration with Crossref (publishing.deposits): pending until sent
    (again after a failed attempt, at next_attempt_at), submitted once Crossref took the file,
    then registered or failed, with Crossref's last answer."""

    __tablename__ = "crossref_deposits"
    __table_args__ = (enum_check("state", DepositState),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), unique=True)
    state: Mapped[DepositState] = mapped_column(String(20), default=DepositState.PENDING.value,
                                                index=True)
    batch_id: Mapped[str] = mapped_column(String(100), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(nullable=True)
    response: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    article: Mapped[Article] = relationship()

    @property
    def state_title(self) -> str:
        return DepositState(self.state).title
