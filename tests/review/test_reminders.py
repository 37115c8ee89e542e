"""Reminders through the beat task functions and the outbox delivery, with time moved forward:
each reminder once (however often beat runs), none after the review is submitted."""

from collections import Counter
from datetime import timedelta

import time_machine

from core.clock import utcnow
from kanwu.app import BEAT_SCHEDULE
from review.tasks import remind_due_reviews, send_editor_digests


def _run_days(outbox, start, days, on_day=None):
    """Each day: beat runs the reminder task three times, the worker delivers the outbox."""
    sent = []
    for day in range(days + 1):
        with time_machine.travel(start + timedelta(days=day, hours=1), tick=False):
            if on_day:
                on_day(day)
            for _ in range(3):
                remind_due_reviews()
            before = len(outbox.messages)
            sent += [(day, m) for m in outbox.deliver()[before:]]
    return sent


def test_beat_schedules_the_review_tasks():
    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {"review.tasks.remind_due_reviews", "review.tasks.send_editor_digests",
            "review.tasks.anonymise_pending"} <= tasks


def test_each_reminder_once_and_none_after_submit(app, make_user, outbox, review_flow, scene):
    silent = make_user(email="rev3@example.org", roles=("reviewer",), name="审稿人三")
    start = utcnow()
    review_flow.start()
    late = review_flow.invite(scene.reviewers[0])  # accepts, never submits
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    prompt = review_flow.invite(scene.reviewers[1])  # accepts, submits on day 26
    review_flow.accept(scene.reviewers[1], "rev2@example.org")
    review_flow.invite(silent)  # never replies
    outbox.deliver()

    def submit_on_day_26(day):
        if day == 26:
            review_flow.review(scene.reviewers[1], prompt)

    sent = _run_days(outbox, start, 40, submit_on_day_26)
    reminders = [(day, m["To"], m["X-Kanwu-Dedupe-Key"]) for day, m in sent
                 if "reminder" in m["X-Kanwu-Dedupe-Key"] or "overdue" in m["X-Kanwu-Dedupe-Key"]]
    keys = Counter(key for _day, _to, key in reminders)
    assert all(n == 1 for n in keys.values()), keys  # each sent once
    by_person = {}
    for day, to, key in reminders:
        by_person.setdefault(to, []).append((day, key.split(":")[-2] if "reminder" in key
                                             else "overdue"))
    # Review due on day 28: reminded 3 days before, on the day, 3 and 7 days after.
    assert by_person["rev1@example.org"] == [(25, "review"), (28, "review"), (31, "review"),
                                             (35, "review")]
    # The editor hears once, at the first reminder after the due date.
    assert by_person["editor@example.org"] == [(31, "overdue")]
    # Submitted on day 26: only the reminder before it.
    assert by_person["rev2@example.org"] == [(25, "review")]
    # The reply is due on day 7: reminded 3 days before and on the day (links expire then).
    assert by_person["rev3@example.org"] == [(4, "response"), (7, "response")]
    assert late


def test_revision_reminders_and_weekly_digest(app, outbox, review_flow, scene):
    review_flow.two_reviews()
    start = utcnow()
    review_flow.decide("major_revision")  # revision due in 30 days
    outbox.deliver()
    sent = _run_days(outbox, start, 40)
    revision = [(day, m["To"]) for day, m in sent if ":revision:" in m["X-Kanwu-Dedupe-Key"]]
    days = sorted({day for day, _to in revision})
    assert days == [27, 30, 33, 37]
    assert {to for _d, to in revision} == {"zhangwei@hbu.example.org", "lina@hbu.example.org"}
    with time_machine.travel(start + timedelta(days=32), tick=False):
        send_editor_digests()
        send_editor_digests()  # beat may run twice: one digest a week
        digests = [m for m in outbox.deliver() if "review-digest" in m["X-Kanwu-Dedupe-Key"]]
    assert len(digests) == 1 and digests[0]["To"] == "editor@example.org"
    body = digests[0].get_body(("plain",)).get_content()
    assert "逾期未返修：1" in body
