"""The manuscript console's panel registry.

The editors' desk (editorial) renders, for one manuscript, every registered panel in order.
A package adds its part of the console without editing the desk:

    @console_panel(order=20, actions={Action.SEND_TO_REVIEW})
    def review_panel(manuscript, user):
        return "review/panel.html", {...}      # or None to show nothing

`actions` are the workflow moves the panel offers; the desk offers the allowed moves that no
panel claims with a plain form, so an editor always sees exactly the moves allowed now.

The desk's queue list shows markers (possible duplicate, reviewers disagree) that packages
register the same way, each answering for a whole page of manuscripts in one query:

    @desk_marker(reads=(ReviewRound.manuscript_id, ReviewAssignment.recommendation, ...))
    def disagreement(ids):
        return {manuscript_id: [_("Reviewers disagree")], ...}

The desk caches its tables per generation, so a marker names every column its query reads:
the desk watches them (editorial.freshness) and a change shows at once.
"""

from collections.abc import Callable
from dataclasses import dataclass

from submission.workflow import (
    DECISIONS,
    EDITORS,
    TRANSITIONS,
    Action,
    Move,
    State,
    allowed_moves,
)


@dataclass(frozen=True)
class Panel:
    order: int
    render: Callable
    actions: frozenset[Action]


PANELS: list[Panel] = []


def console_panel(order: int, actions=()):
    def register(fn):
        PANELS[:] = [p for p in PANELS if p.render.__qualname__ != fn.__qualname__
                     or p.render.__module__ != fn.__module__]
        PANELS.append(Panel(order, fn, frozenset(Action(a) for a in actions)))
        PANELS.sort(key=lambda p: p.order)
        return fn

    return register


@dataclass(frozen=True)
class Marker:
    find: Callable[[list[int]], dict[int, list[str]]]
    reads: tuple  # the mapped columns its query reads (Model.column, ...)


MARKERS: list[Marker] = []


def desk_marker(*, reads: tuple):
    def register(fn):
        MARKERS[:] = [m for m in MARKERS if (m.find.__module__, m.find.__qualname__)
                      != (fn.__module__, fn.__qualname__)]
        MARKERS.append(Marker(fn, tuple(reads)))
        return fn

    return register


def markers_for(ids: list[int]) -> dict[int, list[str]]:
    """Every registered marker of the manuscripts `ids`: {id: [label, ...]}."""
    found: dict[int, list[str]] = {}
    if ids:
        for marker in MARKERS:
            for manuscript_id, labels in marker.find(ids).items():
                found.setdefault(manuscript_id, []).extend(labels)
    return found


def render_panels(manuscript, user) -> list[tuple[str, dict]]:
    """(template, context) of each panel that has something to show."""
    shown = []
    for panel in PANELS:
        result = panel.render(manuscript, user)
        if result is not None:
            shown.append(result)
    return shown


def unclaimed_moves(manuscript, user) -> list[Move]:
    """The editorial moves allowed now that no panel offers (authors' moves stay theirs).
    Decisions are never plain moves: the decision flow makes them."""
    claimed = set(DECISIONS).union(*(p.actions for p in PANELS))
    state = State(manuscript.state)
    return [m for m in allowed_moves(manuscript, user)
            if m.action not in claimed and TRANSITIONS[(state, m.action)].roles & EDITORS]
