"""Background work that people wait for, and how far it is.

A service that hands long work to the worker (a site build after publishing, a reviewer copy)
starts a `Job` in its own transaction and passes the job's id to the task. The task reports
through `tracking(job_id)`: running with done/total, then done with a link to the result, or
failed with a message a person can read. Each report is its own short transaction on its own
connection, so a page polling `/jobs/<id>` (journal.views) sees it at once, whatever the task's
session holds; a reload or a second tab asks the same row.

Who may see a job: the person who started it, and whoever holds the permission its kind
declares (`job_kind`, registered by the package that owns the work).
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.enums import TitledEnum, enum_check
from core.extensions import db
from core.progress import Every

log = logging.getLogger(__name__)


FAILED_MESSAGE = _l("The work stopped with an error. Try again; if it fails again, tell the "
                    "journal's administrator.")


class JobState(TitledEnum):
    QUEUED = "queued", _l("Waiting for the worker")
    RUNNING = "running", _l("Working")
    DONE = "done", _l("Done")
    FAILED = "failed", _l("Failed")


@dataclass(frozen=True)
class JobKind:
    title: object  # lazily translated: what the work is, for the person waiting
    permission: str  # who else may see it (accounts.policy)
    done_label: object  # the link to the result when done ("The issue is live: view it")
    # starts the work again as a new job (job, actor) -> Job, where that can be done
    retry: Callable[["Job", object], "Job"] | None = None
    # removes what the job left behind (a file it wrote) when the job is forgotten
    forget: Callable[["Job"], None] | None = None


JOB_KINDS: dict[str, JobKind] = {}
KEEP_FINISHED = timedelta(days=30)  # how long a finished job (and its result) is kept


def job_kind(name: str, title, permission: str, done_label,
             retry: Callable[["Job", object], "Job"] | None = None,
             forget: Callable[["Job"], None] | None = None) -> None:
    JOB_KINDS[name] = JobKind(title, permission, done_label, retry, forget)


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (enum_check("state", JobState),
                      Index("ix_jobs_about", "about_type", "about_id", "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[JobState] = mapped_column(String(20), default=JobState.QUEUED)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")  # why it failed, for people
    result_url: Mapped[str] = mapped_column(String(500), default="")
    about_type: Mapped[str] = mapped_column(String(40), default="")
    about_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)

    @property
    def title(self) -> str:
        kind = JOB_KINDS.get(self.kind)
        return str(kind.title) if kind else self.kind

    @property
    def percent(self) -> int | None:
        if self.state == JobState.DONE:
            return 100
        if not self.total:
            return None
        return min(100, int(100 * self.done / self.total))

    def as_json(self) -> dict:
        failed = self.state == JobState.FAILED
        kind = JOB_KINDS.get(self.kind)
        return {"id": self.id, "kind": self.kind, "title": self.title, "state": self.state,
                "done_label": str(kind.done_label) if kind else "",
                "retry": bool(kind and kind.retry),
                "state_title": JobState(self.state).title, "done": self.done,
                "total": self.total, "percent": self.percent,
                "message": self.message or (str(FAILED_MESSAGE) if failed else ""),
                "result_url": self.result_url if self.state == JobState.DONE else "",
                "finished": self.state in (JobState.DONE, JobState.FAILED)}


def start_job(kind: str, *, about: tuple[str, int] | None = None,
              started_by: int | None = None, result_url: str = "") -> Job:
    """A job waiting for the worker, in the caller's transaction (the task gets its id after
    the commit, so it never looks for a job that was rolled back). `result_url` is offered
    once the job is done ("the issue is live: view it")."""
    if kind not in JOB_KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, about_type=about[0] if about else "",
              about_id=about[1] if about else None, result_url=result_url,
              started_by_id=started_by)
    db.session.add(job)
    db.session.flush()
    return job


def _of(kind: str, about: tuple[str, int] | None) -> list:
    """Conditions: jobs of this kind (about this object, when one is named)."""
    if about is None:
        return [Job.kind == kind]
    return [Job.kind == kind, Job.about_type == about[0], Job.about_id == about[1]]


def latest_job(kind: str, about: tuple[str, int]) -> Job | None:
    """The newest job of this kind about this object (what its page shows)."""
    return db.session.scalars(select(Job).where(*_of(kind, about))
                              .order_by(Job.id.desc()).limit(1)).first()


def waiting_jobs(kind: str, about: tuple[str, int] | None = None) -> list[int]:
    """The jobs of this kind (about this object) not started yet: work a sweep does for them
    when the hand-off after their commit was lost."""
    return list(db.session.scalars(select(Job.id).where(*_of(kind, about),
                                                        Job.state == JobState.QUEUED)))


def forget_finished_jobs() -> int:
    """Delete the jobs finished more than KEEP_FINISHED ago, each after its kind has removed
    what it left behind; how many."""
    old = list(db.session.scalars(select(Job).where(
        Job.state.in_([JobState.DONE, JobState.FAILED]),
        Job.finished_at < utcnow() - KEEP_FINISHED)))
    for job in old:
        kind = JOB_KINDS.get(job.kind)
        if kind and kind.forget:
            kind.forget(job)
        db.session.delete(job)
    return len(old)


def _write(job_ids: list[int], **values) -> None:
    """One report, committed on its own connection (not the task's session)."""
    if job_ids:
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id.in_(job_ids)).values(**values))


class Progress:
    """The running jobs' reporter: `progress(done, total)`, written at most every `every`
    seconds (and always at the end), so a tight loop does not write a row per item. Work
    that ends without an exception but did not succeed calls `progress.failed()`."""

    def __init__(self, job_ids: list[int], every: float = 0.5):
        self.job_ids, self.when, self.ok = job_ids, Every(every), True

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.when.due(done, total):
            _write(self.job_ids, done=done, total=total)

    def failed(self) -> None:
        self.ok = False


@contextmanager
def tracking(*job_ids: int | None) -> Iterator[Progress]:
    """Run the body as the jobs' work (one piece of work may serve several): running, then
    done, or failed (the exception goes to the log; people read FAILED_MESSAGE in their
    language). Without a job it only runs."""
    ids = [job_id for job_id in job_ids if job_id is not None]
    _write(ids, state=JobState.RUNNING, started_at=utcnow(), message="")
    progress = Progress(ids)
    try:
        yield progress
    except Exception:
        if ids:
            log.exception("jobs %s failed", ids)
        _write(ids, state=JobState.FAILED, finished_at=utcnow())
        raise
    _write(ids, state=JobState.DONE if progress.ok else JobState.FAILED, finished_at=utcnow())
