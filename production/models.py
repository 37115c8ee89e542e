"""Production's records: the versioned agreement text, each author's signature request, the
signed agreement's PDF, the proof rounds and the editors' recorded overrides."""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.enums import TitledEnum, enum_check
from core.extensions import db


class Step(TitledEnum):
    """The production steps that gate scheduling, and that an editor may override."""

    AGREEMENT = "agreement", _l("Copyright agreement")
    PROOF = "proof", _l("Proof approval")
    REVIEW_FEE = "review_fee", _l("Review fee (审稿费)")
    PAGE_FEE = "page_fee", _l("Page fee (版面费)")


class ProofState(TitledEnum):
    SENT = "sent", _l("With the author")
    APPROVED = "approved", _l("Approved")
    CORRECTIONS = "corrections", _l("Corrections sent")


class AgreementVersion(db.Model):
    """One saved text of the copyright agreement (版权转让协议): every save is a new version,
    and a signature keeps the version its signer read."""

    __tablename__ = "agreement_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    body_zh: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Signature(db.Model):
    """An author's signature of the agreement: requested at acceptance (the link carries
    `nonce`), signed once with the typed name, the declaration, the time, the client address
    and the version read."""

    __tablename__ = "agreement_signatures"
    __table_args__ = (
        UniqueConstraint("manuscript_id", "author_id"),
        CheckConstraint("(signed_at IS NULL) = (version_id IS NULL) AND "
                        "(signed_at IS NULL OR (signed_name <> '' AND declared))",
                        name="signed_with_name_and_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(
        ForeignKey("manuscript_authors.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(32))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    signed_name: Mapped[str] = mapped_column(String(100), default="")
    declared: Mapped[bool] = mapped_column(Boolean, default=False)
    client_address: Mapped[str] = mapped_column(String(64), default="")
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_versions.id"), nullable=True)

    author = relationship("ManuscriptAuthor", lazy="joined")
    manuscript = relationship("Manuscript")
    version = relationship(AgreementVersion)

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class AgreementDocument(db.Model):
    """The PDF of a fully signed agreement, made by the worker."""

    __tablename__ = "agreement_documents"

    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    sha256: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[datetime] = mapped_column(default=utcnow)


class Override(db.Model):
    """An editor's decision to let a manuscript go on without a step, with the reason."""

    __tablename__ = "production_overrides"
    __table_args__ = (UniqueConstraint("manuscript_id", "step"), enum_check("step", Step),
                      CheckConstraint("reason <> ''", name="with_a_reason"))

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True)
    step: Mapped[Step] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor = relationship("User")


class ProofRound(db.Model):
    """One round of proofs (一校, 二校, 三校): the typeset PDF the editors upload, sent to the
    corresponding author (a link bound to `nonce`) with a due date, and the answer: approved,
    or corrections as rows (page, line, was, should) and/or an annotated file."""

    __tablename__ = "proof_rounds"
    __table_args__ = (
        UniqueConstraint("manuscript_id", "number"), enum_check("state", ProofState),
        CheckConstraint("number BETWEEN 1 AND 3", name="three_rounds_at_most"),
        CheckConstraint("(state = 'sent') = (answered_at IS NULL)", name="answered_when_not_sent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime] = mapped_column()
    nonce: Mapped[str] = mapped_column(String(32))
    state: Mapped[ProofState] = mapped_column(String(20), default=ProofState.SENT)
    answered_at: Mapped[datetime | None] = mapped_column(nullable=True)
    corrections: Mapped[list] = mapped_column(JSON, default=list)
    annotated_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    annotated_mimetype: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    reminded_before_at: Mapped[datetime | None] = mapped_column(nullable=True)
    reminded_after_at: Mapped[datetime | None] = mapped_column(nullable=True)

    manuscript = relationship("Manuscript")

    @property
    def approved(self) -> bool:
        return self.state == ProofState.APPROVED

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def state_title(self) -> str:
        return ProofState(self.state).title


class FeeKind(TitledEnum):
    REVIEW = "review", _l("Review fee (审稿费)")
    PAGE = "page", _l("Page fee (版面费)")


class FeeMode(TitledEnum):
    NONE = "none", _l("Not charged")
    FIXED = "fixed", _l("A fixed amount")
    PER_PAGE = "per_page", _l("An amount per printed page")


class FeeState(TitledEnum):
    AWAITING_AMOUNT = "awaiting_amount", _l("Awaiting the page count")
    DUE = "due", _l("Awaiting payment")
    REPORTED = "reported", _l("Payment reported")
    CONFIRMED = "confirmed", _l("Confirmed")
    RETURNED = "returned", _l("Returned to the author")


class FeeSettings(db.Model):
    """What the journal charges (one row, edited in the admin area): the review fee after the
    desk check, the page fee after acceptance, and where to pay."""

    __tablename__ = "fee_settings"
    __table_args__ = (enum_check("review_mode", FeeMode), enum_check("page_mode", FeeMode))

    id: Mapped[int] = mapped_column(primary_key=True)
    review_mode: Mapped[FeeMode] = mapped_column(String(20), default=FeeMode.NONE)
    review_amount: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    page_mode: Mapped[FeeMode] = mapped_column(String(20), default=FeeMode.NONE)
    page_amount: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    due_days: Mapped[int] = mapped_column(Integer, default=30)
    bank_name: Mapped[str] = mapped_column(String(200), default="")
    account_name: Mapped[str] = mapped_column(String(200), default="")
    account_number: Mapped[str] = mapped_column(String(100), default="")


class Fee(db.Model):
    """A fee charged for a manuscript, its payment as the author reports it (with the transfer
    receipt and the invoice details) and the office's confirmation or return."""

    __tablename__ = "fees"
    __table_args__ = (
        UniqueConstraint("manuscript_id", "kind"), enum_check("kind", FeeKind),
        enum_check("state", FeeState),
        CheckConstraint("state IN ('awaiting_amount', 'due') OR reported_at IS NOT NULL",
                        name="reported_before_review"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FeeKind] = mapped_column(String(20))
    state: Mapped[FeeState] = mapped_column(String(20), default=FeeState.DUE, index=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), nullable=True)
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    payer: Mapped[str] = mapped_column(String(200), default="")
    paid_amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), nullable=True)
    receipt_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    receipt_mimetype: Mapped[str] = mapped_column(String(50), default="")
    invoice_title: Mapped[str] = mapped_column(String(200), default="")  # 发票抬头
    taxpayer_id: Mapped[str] = mapped_column(String(30), default="")  # 纳税人识别号
    invoice_email: Mapped[str] = mapped_column(String(255), default="")
    reported_at: Mapped[datetime | None] = mapped_column(nullable=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    review_note: Mapped[str] = mapped_column(Text, default="")

    manuscript = relationship("Manuscript")

    @property
    def kind_title(self) -> str:
        return FeeKind(self.kind).title

    @property
    def state_title(self) -> str:
        return FeeState(self.state).title

    @property
    def settled(self) -> bool:
        return self.state == FeeState.CONFIRMED
