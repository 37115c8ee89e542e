"""Each editorial figure against a small history whose answers are worked out by hand, the
edge cases included: withdrawn after review, several rounds, desk rejection, manuscripts still
open at the end of the period, and the journal's time zone at the year's turn."""

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import select

from core.extensions import db
from journal.models import get_journal
from reports.figures import Period, figures
from submission.models import WorkflowEvent
from tests.factories import make_column, make_manuscript

# (manuscript, [(action, UTC moment)]) — Beijing is UTC+8
HISTORY = {
    # A: received, reviewed twice (revision, then accepted), published: all in 2026
    "A": [("submit", datetime(2026, 1, 1, 2)), ("receive", datetime(2026, 1, 3, 2)),
          ("send_to_review", datetime(2026, 1, 5, 2)),
          ("request_revision", datetime(2026, 1, 11, 2)),
          ("submit_revision", datetime(2026, 1, 20, 2)), ("accept", datetime(2026, 1, 31, 2)),
          ("publish", datetime(2026, 3, 2, 2))],
    # B: returned for format fixes and submitted again; desk-rejected
    "B": [("submit", datetime(2026, 2, 1, 2)), ("return_to_author", datetime(2026, 2, 2, 2)),
          ("submit", datetime(2026, 2, 4, 2)), ("desk_reject", datetime(2026, 2, 5, 2))],
    # C: reviewed, then withdrawn by its authors (no decision)
    "C": [("submit", datetime(2026, 3, 1, 2)), ("receive", datetime(2026, 3, 2, 2)),
          ("send_to_review", datetime(2026, 3, 3, 2)), ("withdraw", datetime(2026, 3, 20, 2))],
    # D: rejected after review
    "D": [("submit", datetime(2026, 4, 1, 2)), ("receive", datetime(2026, 4, 5, 2)),
          ("send_to_review", datetime(2026, 4, 6, 2)), ("reject", datetime(2026, 4, 21, 2))],
    # E: still in review at the end of the year (no decision yet)
    "E": [("submit", datetime(2026, 12, 1, 2)), ("receive", datetime(2026, 12, 2, 2)),
          ("send_to_review", datetime(2026, 12, 3, 2))],
    # F: submitted at 17:00 UTC on 31 December 2026, which is 1 January 2027 in Beijing
    "F": [("submit", datetime(2026, 12, 31, 17))],
}


@pytest.fixture
def history(app, make_user):
    """The history above, committed (no app context is left open: the views' tests make
    requests of their own)."""
    author = make_user()
    with app.app_context():
        theory, other = make_column(slug="theory"), make_column(slug="other")
        ids = {}
        for name, moves in HISTORY.items():
            manuscript = make_manuscript(author, state="draft",
                                         column=other if name == "D" else theory)
            ids[name] = manuscript.id
            for action, at in moves:
                db.session.add(WorkflowEvent(manuscript_id=manuscript.id, action=action,
                                             from_state="draft", to_state="draft",
                                             created_at=at))
        db.session.commit()
        return {"theory": theory.id, "other": other.id, **ids}


def test_the_counts_of_a_year(history, app_ctx):
    found = figures(Period.year(2026))
    assert found.counts == {"submitted": 5, "desk_rejected": 1, "sent_to_review": 4,
                            "accepted": 1, "rejected": 1, "withdrawn": 1, "published": 1}
    # B counts once although submitted twice; F belongs to 2027 in Beijing
    assert figures(Period.year(2027)).counts["submitted"] == 1


def test_the_acceptance_rate_counts_decisions_not_withdrawals(history, app_ctx):
    # accepted A; decided A, B (desk), D (after review); C withdrew, E is open
    assert figures(Period.year(2026)).acceptance_rate == pytest.approx(1 / 3)
    assert figures(Period.year(2025)).acceptance_rate is None  # nothing decided


def test_the_durations_by_hand(history, app_ctx):
    durations = figures(Period.year(2026)).durations
    # receipt: A 2, C 1, D 4, E 1 days -> sorted 1, 1, 2, 4: median (rank 2) 1, p90 (rank 4) 4
    assert (durations["to_receipt"].count, durations["to_receipt"].median,
            durations["to_receipt"].p90) == (4, 1.0, 4.0)
    # first decision: A 10 (the revision request, not the acceptance), B 4 (from its first
    # submission), D 20; C and E have none -> 4, 10, 20: median 10, p90 20
    first = durations["to_first_decision"]
    assert (first.count, first.median, first.p90) == (3, 10.0, 20.0)
    assert (durations["to_acceptance"].count, durations["to_acceptance"].median) == (1, 30.0)
    assert (durations["to_publication"].count, durations["to_publication"].median) == (1, 60.0)
    # accepted 31 January, published 2 March: 30 days
    assert durations["acceptance_to_publication"].median == 30.0


def test_the_monthly_series_and_the_funnel(history, app_ctx):
    found = figures(Period.year(2026))
    assert len(found.monthly) == 12
    assert [found.monthly[2026, m]["submitted"] for m in range(1, 13)] == [
        1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1]  # A, B (once), C, D; E in December; F is 2027
    assert found.monthly[2026, 1]["accepted"] == 1 and found.monthly[2026, 3]["published"] == 1
    # submitted in 2026: A B C D E; received: all but B; accepted and published: A
    assert found.funnel == {"submitted": 5, "received": 4, "sent_to_review": 4, "accepted": 1,
                            "published": 1}
    # a range: February 2026 to January 2027 holds F's first submission (Beijing's 1 January)
    span = figures(Period(date(2026, 2, 1), date(2027, 1, 31)))
    assert list(span.monthly)[0] == (2026, 2) and span.monthly[2027, 1]["submitted"] == 1


def test_the_milestones_follow_the_trail_and_can_be_rebuilt(history, app_ctx):
    from reports.milestones import Milestones, rebuild

    kept = {row.manuscript_id: row.submitted_at for row in db.session.scalars(
        select(Milestones))}
    assert kept[history["B"]] == datetime(2026, 2, 1, 2)  # the first of two submissions
    assert rebuild() == 6
    again = {row.manuscript_id: row.submitted_at for row in db.session.scalars(
        select(Milestones))}
    assert again == kept


def test_a_column_narrows_every_figure(history, app_ctx):
    found = figures(Period.year(2026), history["other"])
    assert found.counts["submitted"] == 1 and found.counts["rejected"] == 1
    assert found.counts["accepted"] == 0 and found.acceptance_rate == 0.0
    assert found.durations["to_receipt"].median == 4.0


def test_an_empty_period_has_no_figures_but_zeros(history, app_ctx):
    found = figures(Period.year(2020))
    assert set(found.counts.values()) == {0} and found.acceptance_rate is None
    assert all(d.count == 0 and d.median is None for d in found.durations.values())


def _statements(app, call) -> int:
    from sqlalchemy import event

    seen = []
    with app.app_context():
        get_journal()  # (its settings row, made on first use: not the figures' cost)
        db.session.commit()
        engine = db.engine

        me = threading.get_ident()

        def count(*_args):
            if threading.get_ident() == me:  # (not a request another test left running)
                seen.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            call()
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_figures_cost_the_same_queries_for_few_or_many_manuscripts(app, history,
                                                                       make_user):
    few = _statements(app, lambda: figures(Period.year(2026)))
    author = make_user(email="prolific@example.org")
    with app.app_context():
        for n in range(300):
            manuscript = make_manuscript(author, state="draft")
            for action, day in (("submit", 1), ("receive", 2), ("send_to_review", 3),
                                ("accept" if n % 3 else "reject", 10 + n % 20)):
                db.session.add(WorkflowEvent(manuscript_id=manuscript.id, action=action,
                                             from_state="draft", to_state="draft",
                                             created_at=datetime(2026, 5, day, 2)))
        db.session.commit()
    many = _statements(app, lambda: figures(Period.year(2026)))
    # the journal's settings (its time zone) and the milestones of the period, however many
    assert few == many <= 3
