from datetime import UTC, date, datetime

import time_machine

from core.clock import journal_today, today


def test_the_journal_year_turns_at_midnight_beijing_time():
    with time_machine.travel(datetime(2026, 12, 31, 15, 59, tzinfo=UTC), tick=False):
        assert journal_today() == date(2026, 12, 31)
    with time_machine.travel(datetime(2026, 12, 31, 16, 1, tzinfo=UTC), tick=False):
        assert journal_today() == date(2027, 1, 1)
        assert today() == date(2026, 12, 31)  # the database's calendar stays UTC
