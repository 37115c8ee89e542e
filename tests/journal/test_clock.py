from datetime import UTC, date, datetime

import time_machine

from core.clock import (
    end_of_journal_day,
    journal_day,
    journal_today,
    start_of_journal_day,
)
from core.extensions import db
from journal.models import get_journal


def test_the_journal_year_turns_at_midnight_beijing_time():
    with time_machine.travel(datetime(2026, 12, 31, 15, 59, tzinfo=UTC), tick=False):
        assert journal_today() == date(2026, 12, 31)
    with time_machine.travel(datetime(2026, 12, 31, 16, 1, tzinfo=UTC), tick=False):
        assert journal_today() == date(2027, 1, 1)


def test_a_typed_day_is_the_journals_day_and_is_stored_in_utc(app_ctx):
    """A due date typed as 2026-03-01 ends at 23:59:59 in Beijing, 15:59:59 UTC; what the
    database holds shows as the same day again."""
    end = end_of_journal_day(date(2026, 3, 1))
    assert end == datetime(2026, 3, 1, 15, 59, 59)
    assert journal_day(end) == date(2026, 3, 1)
    assert start_of_journal_day(date(2026, 3, 1)) == datetime(2026, 2, 28, 16, 0)
    assert journal_day(datetime(2026, 2, 28, 16, 0)) == date(2026, 3, 1)  # 00:00 Beijing


def test_the_days_follow_the_journals_time_zone_setting(app_ctx):
    journal = get_journal()
    journal.time_zone = "Europe/Berlin"
    db.session.flush()
    try:
        assert end_of_journal_day(date(2026, 7, 1)) == datetime(2026, 7, 1, 21, 59, 59)
        assert journal_day(datetime(2026, 7, 1, 22, 30)) == date(2026, 7, 2)
    finally:
        db.session.rollback()
