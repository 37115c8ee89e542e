"""What happened to a manuscript, told to its author: never who reviewed or decided it, only
"you" or "the editorial office", and only the notes written for the author."""

from collections.abc import Callable
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
    url: str = ""  # where the entry is read in full (a message's thread)


# Entries other packages add, each for what the viewer may see (review: the messages).
SOURCES: list[Callable[[Manuscript, object], list[Entry]]] = []


def timeline_source(fn: Callable[[Manuscript, object], list[Entry]]):
    SOURCES[:] = [s for s in SOURCES if (s.__module__, s.__qualname__)
                  != (fn.__module__, fn.__qualname__)]
    SOURCES.append(fn)
    return fn


def _with_sources(entries: list[Entry], manuscript: Manuscript, viewer) -> list[Entry]:
    for source in SOURCES:
        entries.extend(source(manuscript, viewer))
    return sorted(entries, key=lambda entry: entry.at)


def editor_timeline(manuscript: Manuscript, viewer) -> list[Entry]:
    """The editors' timeline: every move with who made it and its note, and what the packages
    add for them."""
    entries = [Entry(event.created_at, Action(event.action).title, State(event.to_state).title,
                     event.actor.name if event.actor else str(_l("system")), event.note)
               for event in manuscript.events]
    return _with_sources(entries, manuscript, viewer)


def author_timeline(manuscript: Manuscript, viewer=None) -> list[Entry]:
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
    return _with_sources(entries, manuscript, viewer) if viewer is not None else entries
