"""One source of "now" (naive UTC datetimes everywhere in the database) and one way of
showing a moment to people: in the journal's time zone, in pages, mails and PDFs alike."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import has_app_context

# The journal's own calendar (manuscript-number years, letters' dates): Beijing time unless
# the journal's settings name another zone.
JOURNAL_TZ = ZoneInfo("Asia/Shanghai")

DATETIME_FORMAT = "%Y-%m-%d %H:%M"
DATE_FORMAT = "%Y-%m-%d"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def journal_day(moment: datetime) -> date:
    """The journal's calendar day of a stored moment (naive means UTC)."""
    return to_journal_time(moment).date()


def start_of_journal_day(day: date) -> datetime:
    """The first moment of `day` on the journal's clock, as stored (naive UTC)."""
    start = datetime.combine(day, time(), tzinfo=journal_tz())
    return start.astimezone(UTC).replace(tzinfo=None)


def end_of_journal_day(day: date) -> datetime:
    """The last second of `day` on the journal's clock, as stored (naive UTC): a due date
    typed as a day means that day where the journal is."""
    end = datetime.combine(day, time(23, 59, 59), tzinfo=journal_tz())
    return end.astimezone(UTC).replace(tzinfo=None)


def is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return bool(name)


def _no_zone_setting() -> str | None:
    return None


_zone_setting: Callable[[], str | None] = _no_zone_setting


def read_zone_from(setting: Callable[[], str | None]) -> None:
    """The journal package says where its time zone is kept (core knows no journal)."""
    global _zone_setting
    _zone_setting = setting


def journal_tz() -> ZoneInfo:
    """The zone of the journal's settings (Asia/Shanghai by default)."""
    if not has_app_context():  # a bare script: the default
        return JOURNAL_TZ
    name = _zone_setting()
    return ZoneInfo(name) if name and is_time_zone(name) else JOURNAL_TZ


def journal_today() -> date:
    """Today in the journal's time zone: 31 December 17:00 UTC is already 1 January there."""
    return utcnow().replace(tzinfo=UTC).astimezone(journal_tz()).date()


def to_journal_time(moment: datetime) -> datetime:
    """A stored moment (naive means UTC) as the journal's wall clock shows it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(journal_tz())


def local_dt(value: datetime | date | None, fmt: str = DATETIME_FORMAT) -> str:
    """The one formatter for moments shown to people (Jinja filter `local_dt`)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return to_journal_time(value).strftime(fmt)
    return value.strftime(DATE_FORMAT)  # a calendar day has no time zone


def local_date(value: datetime | date | None) -> str:
    """The journal's calendar day of a moment; a plain date is shown as it is."""
    return local_dt(value, DATE_FORMAT)


def init_app(app) -> None:
    app.jinja_env.filters.update(local_dt=local_dt, local_date=local_date)
