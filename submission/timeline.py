"""What happened to a manuscript, told to its author: never who reviewed or decided it, only
"you" or "the editorial office", and only the notes written for the author."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from submission.models import Manuscript
from submission.workflow import Action, State

# Notes that are letters or reasons addressed to (or written by) the author. A decision's note
# is the editors' own (why they decided with fewer reviews than required): the author reads
# the decision letter instead, on the reviews page and in the mail.
NOTES_FOR_AUTHOR = {Action.RETURN_TO_AUTHOR, Action.DESK_REJECT, Action.WITHDRAW}


@dataclass(frozen=True)
class Entry:
    at: datetime
    action: str
    state: str
    who: str
    note: str


def author_timeline(manuscript: Manuscript) -> list[Entry]:
    entries = [Entry(manuscript.created_at, str(_l("Draft started")), State.DRAFT.title,
                     str(_l("you")), "")]
    for event in manuscript.events:
        by_author = event.actor_id is not None and (
            event.actor_id == manuscript.submitter_id
            or any(a.user_id == event.actor_id for a in manuscript.authors))
        entries.append(Entry(
            event.created_at, Action(event.action).title, State(event.to_state).title,
            str(_l("you")) if by_author else str(_l("the editorial office")),
            event.note if Action(event.action) in NOTES_FOR_AUTHOR else "",
        ))
    return entries
