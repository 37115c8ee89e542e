"""One source of "now": naive UTC datetimes everywhere in the database."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# The journal's own calendar (manuscript-number years, letters' dates) is Beijing time.
JOURNAL_TZ = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return utcnow().date()


def journal_today() -> date:
    """Today in the journal's time zone: 31 December 17:00 UTC is already 1 January there."""
    return utcnow().replace(tzinfo=UTC).astimezone(JOURNAL_TZ).date()
