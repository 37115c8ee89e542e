"""Each manuscript's first moves, one row per manuscript: what the statistics read.

The audit trail (workflow_events) says everything but answers "how many were accepted this
year, and how long did they wait" only through a search of each manuscript's earlier events.
This table keeps, for every manuscript, the moment of its first move of each kind that the
figures name. It follows the audit trail in the same transaction: every inserted
WorkflowEvent moves its manuscript's row (an earlier moment replaces a later one), so it is
exact whatever writes the event. `rebuild()` derives the whole table again from the trail
(after a bulk load that bypasses the ORM, such as the benchmark data).
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, and_, delete, event, func, insert, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from submission.models import WorkflowEvent
from submission.states import Action

# milestone -> the moves whose first one sets it
MOVES = {
    "submitted_at": (Action.SUBMIT,),
    "received_at": (Action.RECEIVE,),
    "sent_to_review_at": (Action.SEND_TO_REVIEW,),
    "first_decision_at": (Action.DESK_REJECT, Action.REQUEST_REVISION, Action.ACCEPT,
                          Action.REJECT),
    "desk_rejected_at": (Action.DESK_REJECT,),
    "accepted_at": (Action.ACCEPT,),
    "rejected_at": (Action.REJECT,),
    "withdrawn_at": (Action.WITHDRAW,),
    "published_at": (Action.PUBLISH,),
}


class Milestones(db.Model):
    """A manuscript's first moment of each milestone (naive UTC); NULL: not (yet) made."""

    __tablename__ = "manuscript_milestones"
    __table_args__ = tuple(Index(f"ix_manuscript_milestones_{name}", name) for name in MOVES)

    manuscript_id: Mapped[int] = mapped_column(
        ForeignKey("manuscripts.id", ondelete="CASCADE"), primary_key=True)
    submitted_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    sent_to_review_at: Mapped[datetime | None]
    first_decision_at: Mapped[datetime | None]
    desk_rejected_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    rejected_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]


def _set_by(action: str) -> list[str]:
    return [name for name, moves in MOVES.items() if action in moves]


@event.listens_for(WorkflowEvent, "after_insert")
def _follow_the_trail(_mapper, connection, target: WorkflowEvent) -> None:
    """Move the manuscript's row for one new event (in the event's own transaction)."""
    names = _set_by(target.action)
    if not names:
        return
    table = Milestones.__table__
    exists = connection.execute(select(table.c.manuscript_id).where(
        table.c.manuscript_id == target.manuscript_id)).first()
    if exists is None:
        connection.execute(insert(table).values(manuscript_id=target.manuscript_id))
    at = target.created_at
    for name in names:
        column = table.c[name]
        connection.execute(update(table).where(
            table.c.manuscript_id == target.manuscript_id,
            or_(column.is_(None), column > at)).values({name: at}))


def rebuild() -> int:
    """Derive every row again from the audit trail (one INSERT … SELECT); the row count."""
    db.session.execute(delete(Milestones))
    firsts = {name: func.min(WorkflowEvent.created_at).filter(
        WorkflowEvent.action.in_([m.value for m in moves])) for name, moves in MOVES.items()}
    every_move = [m.value for moves in MOVES.values() for m in moves]
    rows = (select(WorkflowEvent.manuscript_id, *firsts.values())
            .where(WorkflowEvent.action.in_(every_move))
            .group_by(WorkflowEvent.manuscript_id))
    db.session.execute(insert(Milestones).from_select(["manuscript_id", *firsts], rows))
    return db.session.scalar(select(func.count()).select_from(Milestones))


def made_in(start: datetime, end: datetime):
    """The condition: some milestone falls in [start, end) (one index probe per milestone)."""
    return or_(*[and_(getattr(Milestones, name) >= start, getattr(Milestones, name) < end)
                 for name in MOVES])
