"""How a thread reads to each side: who wrote each message (the editorial office to authors
and reviewers, never a person; "Reviewer 1" to nobody but editors), which attachments each may
download, the messages in the manuscript's timeline, and the threads in the editors' console."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from accounts.policy import can
from review.message_files import reviewer_name
from review.message_models import (
    AttachmentState,
    Message,
    MessageAttachment,
    Side,
)
from review.messaging import Place, side_of, thread_at, threads_of
from review.models import AGREED_STATES
from review.rounds import rounds_of
from submission.timeline import Entry, timeline_source
from submission.workflow import State

try:
    from submission.console import console_panel
except ImportError:  # the editors' desk is not installed
    console_panel = None

EXCERPT = 140


def thread_url(place: Place) -> str:
    if place.assignment is None:
        return url_for("review.author_messages", manuscript_id=place.manuscript.id)
    return url_for("review.reviewer_messages", assignment_id=place.assignment.id)


def reviewer_label(assignment) -> str:
    return _("Reviewer %(n)s", n=assignment.label)


def title_for(place: Place, side: Side) -> str:
    if side != Side.EDITORS:
        return _("Messages with the editorial office")
    if place.assignment is None:
        return _("Messages with the authors")
    return _("Messages with %(label)s (%(name)s, round %(round)s)",
             label=reviewer_label(place.assignment), name=place.assignment.reviewer.name,
             round=place.assignment.round.number)


def who(message: Message, side: Side, viewer) -> str:
    """The writer of `message` as the `side` reading it may know them."""
    mine = message.side == side and (side == Side.REVIEWER or message.sender_id == viewer.id)
    if mine:
        return _("you")
    if message.side == Side.EDITORS:
        return (message.sender.name if side == Side.EDITORS and message.sender
                else str(Side.EDITORS.title))
    if message.side == Side.REVIEWER:  # only editors read another's reviewer thread
        assignment = message.thread.assignment
        return f"{reviewer_label(assignment)} ({assignment.reviewer.name})"
    return message.sender.name if message.sender else str(Side.AUTHORS.title)


@dataclass(frozen=True)
class Shown:
    """An attachment as this reader sees it: its name, and whether they may download it."""

    attachment: MessageAttachment
    name: str
    ready: bool


def shown(attachment: MessageAttachment, side: Side) -> Shown:
    ready = attachment.state == AttachmentState.READY.value
    if side == Side.REVIEWER:
        return Shown(attachment, reviewer_name(attachment), ready)
    return Shown(attachment, attachment.filename, ready or side == Side.EDITORS)


def thread_page(place: Place, actor) -> dict:
    """What the thread page shows to `actor` (who may read it)."""
    side = side_of(actor, place)
    thread = thread_at(place)
    messages = thread.messages if thread else []
    return {"place": place, "thread": thread, "side": side, "Side": Side,
            "title": title_for(place, side), "manuscript": place.manuscript,
            "messages": [(m, who(m, side, actor), [shown(a, side) for a in m.attachments])
                         for m in messages],
            "back_url": _back_url(place, side)}


def _back_url(place: Place, side: Side) -> str:
    if side == Side.EDITORS:
        return url_for("review.manage", manuscript_id=place.manuscript.id)
    if side == Side.REVIEWER:
        return url_for("review.review_form", assignment_id=place.assignment.id)
    return url_for("submission.detail", manuscript_id=place.manuscript.id)


@timeline_source
def message_entries(manuscript, viewer) -> list[Entry]:
    """Each message of the threads the viewer may read, as its side may know its writer."""
    entries = []
    for thread in threads_of(manuscript):
        place = Place.of(thread)
        if not can(viewer, *place.permission):
            continue
        side = side_of(viewer, place)
        action = (_("Message (%(label)s)", label=reviewer_label(place.assignment))
                  if place.assignment is not None and side == Side.EDITORS else _("Message"))
        for message in thread.messages:
            excerpt = message.body if len(message.body) <= EXCERPT \
                else message.body[:EXCERPT] + "…"
            entries.append(Entry(message.created_at, action, "", who(message, side, viewer),
                                 excerpt, thread_url(place)))
    return entries


def messages_panel(manuscript, user):
    """The editors' console: every thread of the manuscript, and where to start one."""
    if manuscript.state == State.DRAFT or not can(user, "review.manage", manuscript):
        return None
    threads = {thread.key: thread for thread in threads_of(manuscript)}
    places = [Place(manuscript)] + [
        Place(manuscript, assignment) for review_round in rounds_of(manuscript)
        for assignment in review_round.assignments if assignment.state in AGREED_STATES]
    return "review/_messages_panel.html", {"rows": [
        (title_for(place, Side.EDITORS), thread_url(place), threads.get(place.key))
        for place in places]}


if console_panel is not None:
    console_panel(order=35)(messages_panel)
