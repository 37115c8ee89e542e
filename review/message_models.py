"""Messages on a manuscript: one thread between the editors and the authors, and one per
reviewer assignment between the editors and that reviewer, with their attachments.

A thread is found by its `key` ("authors:<manuscript>" or "assignment:<assignment>"), unique,
so two first messages posted at once make one thread. A message carries the client's nonce,
unique in its thread, so a form posted twice stores one message.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.enums import TitledEnum, enum_check
from core.extensions import db


class ThreadKind(TitledEnum):
    AUTHORS = "authors", _l("Editorial office and authors")
    REVIEWER = "reviewer", _l("Editorial office and reviewer")


class Side(TitledEnum):
    """Who wrote a message, as the other side reads it (never a person's name)."""

    EDITORS = "editors", _l("the editorial office")
    AUTHORS = "authors", _l("the authors")
    REVIEWER = "reviewer", _l("the reviewer")


class AttachmentState(TitledEnum):
    READY = "ready", _l("Ready")
    # An editor's attachment to a reviewer that still names an author: held by the anonymity
    # gate until an editor masks it or sends it anyway with a reason.
    HELD = "held", _l("Held by the anonymity check")


class MessageThread(db.Model):
    __tablename__ = "message_threads"
    __table_args__ = (
        CheckConstraint("(kind = 'reviewer') = (assignment_id IS NOT NULL)",
                        name="reviewer_thread_has_assignment"),
        CheckConstraint("(resolved_at IS NULL) = (resolved_by_id IS NULL)",
                        name="resolved_by_an_editor"),
        enum_check("kind", ThreadKind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ThreadKind] = mapped_column(String(20))
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="CASCADE"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    manuscript = relationship("Manuscript")
    assignment = relationship("ReviewAssignment")
    messages: Mapped[list["Message"]] = relationship(
        back_populates="thread", order_by="Message.id", cascade="all, delete-orphan")

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Message(db.Model):
    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("thread_id", "nonce"), enum_check("side", Side))

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("message_threads.id", ondelete="CASCADE"), index=True)
    side: Mapped[Side] = mapped_column(String(20))
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    nonce: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    thread: Mapped[MessageThread] = relationship(back_populates="messages")
    sender = relationship("User")
    attachments: Mapped[list["MessageAttachment"]] = relationship(
        back_populates="message", order_by="MessageAttachment.id", cascade="all, delete-orphan")


class MessageAttachment(db.Model):
    __tablename__ = "message_attachments"
    __table_args__ = (
        CheckConstraint("(resolution = '') = (resolved_at IS NULL)", name="resolution_has_date"),
        enum_check("state", AttachmentState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))  # as uploaded: shown to editors only
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[AttachmentState] = mapped_column(String(20),
                                                   default=AttachmentState.READY.value)
    hits: Mapped[list] = mapped_column(JSON, default=list)
    # How an editor resolved a held attachment ("mask" or "send_anyway"), why, by whom, when.
    resolution: Mapped[str] = mapped_column(String(20), default="")
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(nullable=True)

    message: Mapped[Message] = relationship(back_populates="attachments")

    @property
    def extension(self) -> str:
        return "pdf" if self.mimetype.endswith("pdf") else "docx"
