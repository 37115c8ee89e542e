"""An author's request for more time to revise: a new due date and a reason, granted or
refused by an editor. A round has at most one open request (`open_round_id` is the round's
id while the request waits, NULL once answered, and unique)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.enums import TitledEnum, enum_check
from core.extensions import db


class ExtensionState(TitledEnum):
    PENDING = "pending", _l("Waiting for the editor")
    GRANTED = "granted", _l("Granted")
    REFUSED = "refused", _l("Refused")


class RevisionExtension(db.Model):
    __tablename__ = "revision_extensions"
    __table_args__ = (
        CheckConstraint("(state = 'pending') = (open_round_id IS NOT NULL)",
                        name="open_while_pending"),
        CheckConstraint("(state = 'pending') = (answered_at IS NULL)",
                        name="answered_has_date"),
        CheckConstraint("open_round_id IS NULL OR open_round_id = round_id",
                        name="open_for_its_round"),
        enum_check("state", ExtensionState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True)
    open_round_id: Mapped[int | None] = mapped_column(nullable=True, unique=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime]  # the due date when asked
    requested_due_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[ExtensionState] = mapped_column(String(20),
                                                  default=ExtensionState.PENDING.value)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(nullable=True)

    round = relationship("ReviewRound")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
