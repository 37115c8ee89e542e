"""Manuscripts, their ordered authors, versioned files and the audit trail."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from journal.clock import utcnow
from journal.extensions import db


class FileKind(enum.StrEnum):
    MANUSCRIPT = "manuscript"
    SUPPLEMENTARY = "supplementary"
    REVISION = "revision"
    RESPONSE_LETTER = "response_letter"
    FINAL = "final"
    GALLEY = "galley"


class Manuscript(db.Model):
    __tablename__ = "manuscripts"
    __table_args__ = (UniqueConstraint("number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    number_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    column_id: Mapped[int | None] = mapped_column(
        ForeignKey("columns.id"), nullable=True, index=True
    )
    submitter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(30), default="draft", index=True)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    title_zh: Mapped[str] = mapped_column(String(500), default="")
    title_en: Mapped[str] = mapped_column(String(500), default="")
    abstract_zh: Mapped[str] = mapped_column(Text, default="")
    abstract_en: Mapped[str] = mapped_column(Text, default="")
    keywords_zh: Mapped[list] = mapped_column(JSON, default=list)
    keywords_en: Mapped[list] = mapped_column(JSON, default=list)
    clc_number: Mapped[str] = mapped_column(String(50), default="")  # 中图分类号
    document_code: Mapped[str] = mapped_column(String(5), default="A")  # 文献标识码
    funding: Mapped[str] = mapped_column(Text, default="")
    cover_letter: Mapped[str] = mapped_column(Text, default="")
    competing_interests: Mapped[str] = mapped_column(Text, default="")
    suggested_reviewers: Mapped[str] = mapped_column(Text, default="")
    opposed_reviewers: Mapped[str] = mapped_column(Text, default="")
    checklist_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    declaration_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    wizard_step: Mapped[str] = mapped_column(String(30), default="column")
    compliance_report: Mapped[dict] = mapped_column(JSON, default=dict)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(nullable=True)
    accepted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(nullable=True)

    column = relationship("Column", lazy="joined")
    submitter = relationship("User", lazy="joined")
    authors: Mapped[list["ManuscriptAuthor"]] = relationship(
        back_populates="manuscript",
        order_by="ManuscriptAuthor.position",
        cascade="all, delete-orphan",
    )
    files: Mapped[list["ManuscriptFile"]] = relationship(
        back_populates="manuscript", order_by="ManuscriptFile.id", cascade="all, delete-orphan"
    )
    events: Mapped[list["WorkflowEvent"]] = relationship(
        back_populates="manuscript", order_by="WorkflowEvent.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def display_title(self) -> str:
        return self.title_zh or self.title_en


class ManuscriptAuthor(db.Model):
    __tablename__ = "manuscript_authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    affiliation_en: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    corresponding: Mapped[bool] = mapped_column(Boolean, default=False)
    bio: Mapped[str] = mapped_column(Text, default="")
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")

    manuscript: Mapped[Manuscript] = relationship(back_populates="authors")


class ManuscriptFile(db.Model):
    """An uploaded file, stored under its sha256, never under the uploader's file name."""

    __tablename__ = "manuscript_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer, default=1)
    original_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    mimetype: Mapped[str] = mapped_column(String(100))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    manuscript: Mapped[Manuscript] = relationship(back_populates="files")


class WorkflowEvent(db.Model):
    """The audit trail: every state change, who made it, when, and the note given."""

    __tablename__ = "workflow_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    manuscript: Mapped[Manuscript] = relationship(back_populates="events")
    actor = relationship("User")
