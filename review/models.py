"""Review rounds, reviewer assignments (with the review itself), anonymised files, decisions."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.durations import days, days_between
from core.enums import TitledEnum, enum_check
from core.extensions import db
from submission.models import FileKind


class AssignmentState(TitledEnum):
    INVITED = "invited", _l("Invited")
    ACCEPTED = "accepted", _l("Accepted, in progress")
    DECLINED = "declined", _l("Declined")
    SUBMITTED = "submitted", _l("Review submitted")
    CANCELLED = "cancelled", _l("Cancelled")


# Invited or reviewing: open until answered, submitted, withdrawn or closed by a decision.
OPEN_STATES = frozenset({AssignmentState.INVITED, AssignmentState.ACCEPTED})
# The reviewer agreed: reviewing, or the review is in.
AGREED_STATES = frozenset({AssignmentState.ACCEPTED, AssignmentState.SUBMITTED})


class Verdict(TitledEnum):
    """A reviewer's recommendation and an editor's decision use the same four outcomes."""

    ACCEPT = "accept", _l("Accept")
    MINOR_REVISION = "minor_revision", _l("Minor revision")
    MAJOR_REVISION = "major_revision", _l("Major revision")
    REJECT = "reject", _l("Reject")


class ReviewCriterion(db.Model):
    """One line of the rubric; `column_id` NULL is the journal's default rubric."""

    __tablename__ = "review_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    column_id: Mapped[int | None] = mapped_column(
        ForeignKey("columns.id", ondelete="CASCADE"), nullable=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    max_score: Mapped[int] = mapped_column(Integer, default=5)


class ReviewRound(db.Model):
    """One round of external review of a manuscript; a revision starts the next round.

    The rubric is frozen into the round when it starts, so editing the rubric later never
    changes what a reviewer has already scored.
    """

    __tablename__ = "review_rounds"
    __table_args__ = (UniqueConstraint("manuscript_id", "number"),
                      enum_check("decision", Verdict),
                      # the statistics (reports.people): each editor's open rounds, read from
                      # the index of the undecided ones alone
                      Index("ix_review_rounds_open", "manuscript_id", "editor_id",
                            postgresql_where=text("decision IS NULL"),
                            sqlite_where=text("decision IS NULL")))

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    rubric: Mapped[list] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    decision: Mapped[Verdict | None] = mapped_column(String(20), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revision_due_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)
    revision_submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    response_letter_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("manuscript_files.id"), nullable=True
    )

    manuscript = relationship("Manuscript")
    editor = relationship("User")
    assignments: Mapped[list["ReviewAssignment"]] = relationship(
        back_populates="round", order_by="ReviewAssignment.id", cascade="all, delete-orphan"
    )
    files: Mapped[list["ReviewFile"]] = relationship(
        back_populates="round", order_by="ReviewFile.id", cascade="all, delete-orphan"
    )


class ReviewAssignment(db.Model):
    """A reviewer invited to a round, and the review they write (draft, then submitted)."""

    __tablename__ = "review_assignments"
    __table_args__ = (
        UniqueConstraint("round_id", "reviewer_id"),
        Index("ix_review_assignments_reviewer_state", "reviewer_id", "state"),
        Index("ix_review_assignments_state_review_due", "state", "review_due_at"),
        Index("ix_review_assignments_state_response_due", "state", "response_due_at"),
        # the statistics (reports.people), answered from the index alone: a period's
        # invitations by state, and its submitted reviews with their dates
        Index("ix_review_assignments_invited_state", "invited_at", "state"),
        Index("ix_review_assignments_submitted_dates", "submitted_at", "invited_at",
              "review_due_at"),
        CheckConstraint(
            "(state = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_has_date"
        ),
        CheckConstraint(
            "quality_rating IS NULL OR (quality_rating BETWEEN 1 AND 5 AND state = 'submitted' "
            "AND rated_by_id IS NOT NULL AND rated_at IS NOT NULL)",
            name="rating_of_a_submitted_review"),
        enum_check("state", AssignmentState),
        enum_check("recommendation", Verdict),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    label: Mapped[int] = mapped_column(Integer, default=1)  # "Reviewer 1" within the round
    state: Mapped[AssignmentState] = mapped_column(String(20),
                                                   default=AssignmentState.INVITED.value)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    response_due_at: Mapped[datetime]
    review_due_at: Mapped[datetime]
    responded_at: Mapped[datetime | None] = mapped_column(nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    token_nonce: Mapped[str] = mapped_column(String(32), default="")
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    suggested_reviewer: Mapped[str] = mapped_column(Text, default="")
    competing_interests: Mapped[str] = mapped_column(Text, default="")
    affiliation_warning: Mapped[bool] = mapped_column(Boolean, default=False)
    # The review: a draft until submitted, then locked.
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    recommendation: Mapped[Verdict | None] = mapped_column(String(20), nullable=True)
    comments_to_author: Mapped[str] = mapped_column(Text, default="")
    comments_to_editor: Mapped[str] = mapped_column(Text, default="")
    annotated_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    annotated_mimetype: Mapped[str] = mapped_column(String(100), default="")
    weighted_total: Mapped[float | None] = mapped_column(Float, nullable=True)
    draft_saved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # The editors' rating of the submitted review's quality (1-5); a new rating replaces it.
    quality_rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    rated_at: Mapped[datetime | None] = mapped_column(nullable=True)

    round: Mapped[ReviewRound] = relationship(back_populates="assignments")
    reviewer = relationship("User", foreign_keys=[reviewer_id])
    rated_by = relationship("User", foreign_keys=[rated_by_id])

    # Timeliness is computed, never entered (in Python for one review, in SQL for many):
    # days from the invitation to the submitted review, and days past the review's due date
    # when it came in (zero or less: on time).
    @hybrid_property
    def days_to_review(self) -> float | None:
        return days(self.invited_at, self.submitted_at)

    @days_to_review.inplace.expression
    @classmethod
    def _days_to_review(cls):
        return days_between(cls.invited_at, cls.submitted_at)

    @hybrid_property
    def days_late(self) -> float | None:
        return days(self.review_due_at, self.submitted_at)

    @days_late.inplace.expression
    @classmethod
    def _days_late(cls):
        return days_between(cls.review_due_at, cls.submitted_at)

    @property
    def on_time(self) -> bool:
        return self.days_late is not None and self.days_late <= 0

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_locked(self) -> bool:
        return self.state != AssignmentState.ACCEPTED.value


Index("ix_review_assignments_round", ReviewAssignment.round_id)


class FileState:
    PENDING = "pending"
    READY = "ready"  # the only state a reviewer ever receives
    HELD = "held"  # the cleaned copy still names an author: held until an editor resolves it
    FAILED = "failed"


class ReviewFile(db.Model):
    """An anonymised copy of a manuscript file, the only file form reviewers ever get."""

    __tablename__ = "review_files"
    __table_args__ = (enum_check("kind", FileKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True
    )
    source_file_id: Mapped[int] = mapped_column(ForeignKey("manuscript_files.id"))
    kind: Mapped[FileKind] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(100))
    mimetype: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20), default=FileState.PENDING, index=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # What the detector found in the cleaned copy: [{kind, value, where, context}].
    hits: Mapped[list] = mapped_column(JSON, default=list)
    # Rotated when the authors are asked for an anonymised file, and on their upload: the
    # upload link is valid for this file and this request only.
    upload_nonce: Mapped[str] = mapped_column(String(32), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[ReviewRound] = relationship(back_populates="files")
    source = relationship("ManuscriptFile")
    events: Mapped[list["ReviewFileEvent"]] = relationship(
        back_populates="review_file", order_by="ReviewFileEvent.id", cascade="all, delete-orphan")


class ReviewFileEvent(db.Model):
    """The gate's audit trail: how a held copy was resolved, by whom, with which reason.

    Shown to the manuscript's editors only (never on the authors' or reviewers' pages)."""

    __tablename__ = "review_file_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_file_id: Mapped[int] = mapped_column(
        ForeignKey("review_files.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(20), default="")  # the file's state after it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    review_file: Mapped[ReviewFile] = relationship(back_populates="events")
    actor = relationship("User")


class DecisionKind:
    RECOMMENDATION = "recommendation"  # a section editor's, when the chief editor decides
    DECISION = "decision"
    DESK_REJECTION = "desk_rejection"  # 退稿 at the desk check (初审), before any round


class Decision(db.Model):
    """A decision on a manuscript (or a recommendation for one). A desk rejection has no
    review round; every other decision closes the round it names."""

    __tablename__ = "review_decisions"
    __table_args__ = (
        CheckConstraint("(kind = 'desk_rejection') = (round_id IS NULL)",
                        name="desk_rejection_has_no_round"),
        enum_check("verdict", Verdict),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True, nullable=True
    )
    kind: Mapped[str] = mapped_column(String(20), default=DecisionKind.DECISION)
    verdict: Mapped[Verdict] = mapped_column(String(20))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    letter_subject: Mapped[str] = mapped_column(String(500), default="")
    letter_body: Mapped[str] = mapped_column(Text, default="")
    # When the authors read both languages, the letter above is the Chinese one and this its
    # English counterpart, written beside it on the same page.
    letter_subject_en: Mapped[str] = mapped_column(String(500), default="")
    letter_body_en: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[ReviewRound | None] = relationship()
    actor = relationship("User")

    def letter_in(self, locale: str) -> tuple[str, str]:
        """(subject, text) for a reader of `locale`: the English letter when one was written
        and they read English, else the letter."""
        if locale == "en" and self.letter_body_en:
            return self.letter_subject_en, self.letter_body_en
        return self.letter_subject, self.letter_body


class LetterTemplate(db.Model):
    """An editable bilingual letter (one per decision outcome), rendered with Jinja (sandboxed)."""

    __tablename__ = "review_letter_templates"
    __table_args__ = (enum_check("verdict", Verdict),)

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict: Mapped[Verdict] = mapped_column(String(20), unique=True)
    subject_zh: Mapped[str] = mapped_column(String(300))
    subject_en: Mapped[str] = mapped_column(String(300))
    body_zh: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

