"""Manuscripts, their ordered authors, versioned files and the audit trail."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    DDL,
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    exists,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, Session, column_property, mapped_column, relationship

from core.clock import utcnow
from core.enums import TitledEnum, enum_check
from core.extensions import db
from core.generations import touches
from submission.states import Action, ProductionStep, State


def trigram_index(table: str, column: str) -> Index:
    """On PostgreSQL, a pg_trgm GIN index that serves ILIKE '%…%' (Chinese included) for the
    desk's search; elsewhere a plain index."""
    return Index(f"ix_{table}_{column}_trgm", column, postgresql_using="gin",
                 postgresql_ops={column: "gin_trgm_ops"})


def title_bigrams(*titles: str) -> list[str]:
    """Every two-character piece of the titles, lower-cased, without spaces: what a search
    for a two-character word (理论, AI) looks up, where trigram indexes cannot help."""
    return sorted({pair for title in titles for word in title.lower().split()
                   for pair in (word[i:i + 2] for i in range(len(word) - 1))})


# create_all (the tests) needs the extension before those indexes; the migration creates it too.
event.listen(db.metadata, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))


class FileKind(TitledEnum):
    MANUSCRIPT = "manuscript", _l("Manuscript")
    SUPPLEMENTARY = "supplementary", _l("Supplementary file")
    REVISION = "revision", _l("Revised manuscript")
    RESPONSE_LETTER = "response_letter", _l("Response to reviewers")
    FINAL = "final", _l("Final version")
    GALLEY = "galley", _l("Galley proof")


class Manuscript(db.Model):
    __tablename__ = "manuscripts"
    __table_args__ = (
        UniqueConstraint("number"),
        # The desk pages queues newest first with keyset pagination on (state, id).
        Index("ix_manuscripts_state_id", "state", "id"),
        # The same for the numbered manuscripts only: the desk's queues (editors never see
        # unsubmitted drafts, so "returned" skips the thousands of them).
        Index("ix_manuscripts_numbered_state_id", "state", "id",
              postgresql_where=text("number IS NOT NULL"), sqlite_where=text("number IS NOT NULL")),
        Index("ix_manuscripts_year_state", "number_year", "state"),
        # The desk's queue counts (one query over every numbered manuscript) read only this
        # index on PostgreSQL (an index-only scan) instead of the whole wide table.
        Index("ix_manuscripts_desk_counts", "state", "state_changed_at",
              postgresql_include=["number", "production_step"]),
        # The desk's search by the start of a number (LIKE 'HBKJTY-2026-%'), any collation.
        Index("ix_manuscripts_number_prefix", "number",
              postgresql_ops={"number": "varchar_pattern_ops"}),
        # ... and by its end (0006, 2026-0006): a trigram index serves LIKE '%-0006'.
        trigram_index("manuscripts", "number"),
        trigram_index("manuscripts", "title_zh"),
        trigram_index("manuscripts", "title_en"),
        Index("ix_manuscripts_title_bigrams", "title_bigrams", postgresql_using="gin"),
        enum_check("state", State),
        enum_check("production_step", ProductionStep),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    number_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    column_id: Mapped[int | None] = mapped_column(
        ForeignKey("columns.id"), nullable=True, index=True
    )
    submitter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[State] = mapped_column(String(30), default=State.DRAFT, index=True)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # The production sub-state (an accepted manuscript: agreement, fee, proof, ready; a received
    # one: fee), assigned only by production.progress.refresh; None when nothing is pending.
    production_step: Mapped[ProductionStep | None] = mapped_column(String(20), nullable=True)

    title_zh: Mapped[str] = mapped_column(String(500), default="")
    title_en: Mapped[str] = mapped_column(String(500), default="")
    # title_bigrams(title_zh, title_en), kept up to date on every flush (below).
    title_bigrams: Mapped[list] = mapped_column(
        JSON().with_variant(postgresql.ARRAY(Text), "postgresql"), default=list)
    abstract_zh: Mapped[str] = mapped_column(Text, default="")
    abstract_en: Mapped[str] = mapped_column(Text, default="")
    keywords_zh: Mapped[list] = mapped_column(JSON, default=list)
    keywords_en: Mapped[list] = mapped_column(JSON, default=list)
    clc_number: Mapped[str] = mapped_column(String(50), default="")  # 中图分类号
    document_code: Mapped[str] = mapped_column(String(5), default="A")  # 文献标识码
    funding: Mapped[str] = mapped_column(Text, default="")  # printable statement, from grants
    grants: Mapped[list] = mapped_column(JSON, default=list)  # [{"funder": .., "number": ..}]
    cover_letter: Mapped[str] = mapped_column(Text, default="")
    competing_interests: Mapped[str] = mapped_column(Text, default="")
    suggested_reviewers: Mapped[str] = mapped_column(Text, default="")
    opposed_reviewers: Mapped[str] = mapped_column(Text, default="")
    checklist_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    declaration_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    wizard_step: Mapped[str] = mapped_column(String(30), default="column")
    compliance_report: Mapped[dict] = mapped_column(JSON, default=dict)
    # 64-bit SimHash of title and abstract, for the duplicate-submission check.
    simhash: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(nullable=True)
    accepted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(nullable=True)
    state_changed_at: Mapped[datetime | None] = mapped_column(nullable=True)

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
    duplicate_flags: Mapped[list["DuplicateFlag"]] = relationship(
        foreign_keys="DuplicateFlag.manuscript_id",
        order_by="DuplicateFlag.score.desc()",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def display_title(self) -> str:
        return self.title_zh or self.title_en

    def is_author(self, user) -> bool:
        """The submitter, or an account that confirmed its authorship from the link mailed to
        its address: a listed address alone grants nothing (anyone can type one in)."""
        return self.submitter_id == user.id or any(a.confirmed_by(user) for a in self.authors)

    def is_corresponding(self, user) -> bool:
        return any(a.corresponding and a.confirmed_by(user) for a in self.authors)

    def latest_file(self, *kinds: str) -> "ManuscriptFile | None":
        matching = [f for f in self.files if f.kind in kinds]
        return matching[-1] if matching else None


@event.listens_for(Session, "before_flush")
def _index_title_bigrams(session: Session, _context, _instances) -> None:
    for obj in session.new | session.dirty:
        if isinstance(obj, Manuscript) and touches(obj, ("title_zh", "title_en"), session):
            obj.title_bigrams = title_bigrams(obj.title_zh or "", obj.title_en or "")



class ManuscriptAuthor(db.Model):
    __tablename__ = "manuscript_authors"
    __table_args__ = (
        # The desk's search by the start of a name (LIKE '欧阳%'), whatever the collation.
        Index("ix_manuscript_authors_name", "name",
              postgresql_ops={"name": "varchar_pattern_ops"}),
        trigram_index("manuscript_authors", "name"),
    )

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
    orcid: Mapped[str] = mapped_column(String(19), default="")  # checksum-checked, never fetched
    corresponding: Mapped[bool] = mapped_column(Boolean, default=False)
    bio: Mapped[str] = mapped_column(Text, default="")
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")
    # Consent (submission.authorship): the link mailed to `email` carries `link_nonce`;
    # confirming links the account (user_id) and stamps confirmed_at, declining stamps
    # declined_at; either spends the nonce. The submitter's own row is confirmed on creation.
    confirmed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    declined_at: Mapped[datetime | None] = mapped_column(nullable=True)
    link_nonce: Mapped[str | None] = mapped_column(String(32), nullable=True)

    manuscript: Mapped[Manuscript] = relationship(back_populates="authors")

    def confirmed_by(self, user) -> bool:
        return (self.user_id is not None and self.user_id == getattr(user, "id", None)
                and self.confirmed_at is not None)

    @property
    def pending(self) -> bool:
        """Listed, not yet confirmed nor declined: the one state in which a link is sent."""
        return self.confirmed_at is None and self.declined_at is None



class ManuscriptFile(db.Model):
    """An uploaded file, stored under its sha256, never under the uploader's file name."""

    __tablename__ = "manuscript_files"
    __table_args__ = (enum_check("kind", FileKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[FileKind] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer, default=1)
    original_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    mimetype: Mapped[str] = mapped_column(String(100))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    manuscript: Mapped[Manuscript] = relationship(back_populates="files")

    @property
    def kind_title(self) -> str:
        return FileKind(self.kind).title


class WorkflowEvent(db.Model):
    """The audit trail: every state change, who made it, when, and the note given."""

    __tablename__ = "workflow_events"
    __table_args__ = (enum_check("action", Action), enum_check("from_state", State),
                      enum_check("to_state", State),
                      # the statistics (reports.people): a period's moves of a kind and who
                      # made them, from the index alone
                      Index("ix_workflow_events_action_created_actor", "action", "created_at",
                            "actor_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    action: Mapped[Action] = mapped_column(String(40))
    from_state: Mapped[State] = mapped_column(String(30))
    to_state: Mapped[State] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    manuscript: Mapped[Manuscript] = relationship(back_populates="events")
    actor = relationship("User")


class NumberCounter(db.Model):
    """The last manuscript number given out in a year. Incremented in the submitting
    transaction (row-locked on PostgreSQL), so numbers are gap-free and race-free."""

    __tablename__ = "manuscript_number_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class DuplicateFlag(db.Model):
    """A likely duplicate found on submit: an earlier manuscript with a similar title and
    abstract, and how similar (0..1). Shown to editors, never blocks the author."""

    __tablename__ = "duplicate_flags"
    __table_args__ = (UniqueConstraint("manuscript_id", "similar_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True
    )
    similar_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    similar: Mapped[Manuscript] = relationship(foreign_keys=[similar_id])


# The desk's queue list marks flagged manuscripts: read with the page's own query.
Manuscript.possible_duplicate = column_property(
    exists().where(DuplicateFlag.manuscript_id == Manuscript.id), deferred=True)
