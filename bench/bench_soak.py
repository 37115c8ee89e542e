"""Soak of the embedded default: mail and submits while the worker is killed.

    .venv/bin/python bench/bench_soak.py [--mails 1000] [--submits 100] [--kills 2]

Runs what `make run` runs, in a scratch instance folder (SQLite file, the atomic folder broker,
mail as .eml files): gunicorn and a `celery worker -B`, under `core.devserver.supervise`.
This process plays the users: it queues `--mails` mails and makes `--submits` final submits
(each mails the submitter and a co-author) through the services, in transactions as the web
app does, and kills the worker with SIGKILL `--kills` times on the way. A page is fetched
every 100 ms throughout. At the end every outbox row must be sent and every mail must be in
the mail folder exactly once, counted by Message-ID and dedupe key (a mail sent again after a
kill, in the moment between its file and the "sent" mark, is recognised by its Message-ID and
kept once: `copies_recognised` counts those).
Prints mails sent, lost, doubled, restarts and the longest time the page did not answer, and
writes bench/results/soak.json (`--out` writes the figures elsewhere, without the table).
"""

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import time
import urllib.request
from collections import Counter
from email.parser import BytesHeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Settings of the processes this script starts; the rest is the embedded default.
CLEARED = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "SMTP_HOST", "MAIL_DIR",
           "UPLOAD_DIR", "SITE_DIR", "CELERY_QUEUE", "KANWU_ENV")


def children(pid: int) -> list[int]:
    """Every descendant of `pid` (from /proc), deepest last."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_worker() -> int:
    """SIGKILL the celery worker (with its pool and beat) that the supervisor started."""
    mine = [pid for pid in children(os.getpid())
            if b"celery" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    tops = [pid for pid in mine if not any(pid in children(other) for other in mine)]
    for top in tops:
        for pid in [top, *children(top)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return len(tops)


class PagePoller(threading.Thread):
    """GET a page every 100 ms; record the longest time between two answered requests."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.stopping = url, threading.Event()
        self.answered, self.failed, self.longest_gap, self.last_ok = 0, 0, 0.0, None

    def run(self):
        while not self.stopping.wait(0.1):
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:  # noqa: S310
                    ok = response.status == 200
            except OSError:
                ok = False
            now = time.monotonic()
            if not ok:
                self.failed += self.last_ok is not None
                continue
            if self.last_ok is not None:
                self.longest_gap = max(self.longest_gap, now - self.last_ok)
            self.answered, self.last_ok = self.answered + 1, now


def seed(app):
    from accounts.models import Role
    from accounts.services import register_user
    from core.extensions import db
    from journal.demo import load_journal_profile
    from journal.models import Column

    with app.test_request_context("/"):
        load_journal_profile()
        user = register_user(email="soak.author@example.org", password="soak test password",
                             name="张伟", roles=(Role.AUTHOR,), locale="zh_CN", confirmed=True)
        db.session.commit()
        return user.id, db.session.scalars(db.select(Column.id)).first()


def submit_one(author_id: int, column_id: int, n: int) -> None:
    from accounts.models import User
    from core.extensions import db
    from journal.models import Column
    from submission import services
    from submission.samples import sample_docx

    author = db.session.get(User, author_id)
    manuscript = services.start_submission(author, db.session.get(Column, column_id))
    services.confirm_checklist(manuscript, author)
    services.upload_file(manuscript, author, filename="论文.docx", data=sample_docx())
    services.prefill_from_file(manuscript, author)
    services.save_metadata(manuscript, author)
    services.add_author(manuscript, author, name="李娜", email=f"lina{n}@example.org",
                        affiliation="河北师范大学", locale="en")
    db.session.commit()
    services.submit_manuscript(manuscript, author)
    db.session.commit()


def produce(app, mails: int, submits: int, kills: int, author_id: int, column_id: int) -> int:
    """Queue the mails (20 per transaction) with the submits spread among them; kill the
    worker at evenly spaced points. Returns the number of kills done."""
    from core.extensions import db
    from core.outbox import queue_email

    submit_at = {round(i * mails / submits) for i in range(submits)} if submits else set()
    kill_at = {round((k + 1) * mails / (kills + 1)) for k in range(kills)}
    killed = 0
    with app.test_request_context("/"):
        for i in range(mails):
            queue_email(to=f"reader{i % 97}@example.org", template="accounts/reset_password",
                        context={"name": "读者", "link": "http://127.0.0.1/x", "hours": 2},
                        locale=("zh_CN", "en")[i % 2], dedupe_key=f"soak:{i}")
            if i % 20 == 19:
                db.session.commit()
            if i in submit_at:
                db.session.commit()
                submit_one(author_id, column_id, i)
            if i in kill_at:
                db.session.commit()
                killed += kill_worker()
        db.session.commit()
    return killed


def wait_until_sent(app, timeout: float) -> tuple[int, int]:
    from sqlalchemy import func, select

    from core.extensions import db
    from core.outbox import MailState, OutboxEmail

    deadline = time.monotonic() + timeout
    with app.app_context():
        while True:
            total = db.session.scalar(select(func.count(OutboxEmail.id)))
            sent = db.session.scalar(select(func.count(OutboxEmail.id))
                                     .where(OutboxEmail.state == MailState.SENT))
            db.session.rollback()
            if sent == total or time.monotonic() > deadline:
                return total, sent
            time.sleep(0.5)


def count_mail(app, mail_dir: Path) -> dict:
    from sqlalchemy import select

    from core.extensions import db
    from core.mail import message_id
    from core.outbox import OutboxEmail

    with app.app_context():
        keys = set(db.session.scalars(select(OutboxEmail.dedupe_key)))
        expected = {message_id(key) for key in keys}
    parser = BytesHeaderParser()
    ids, by_key = Counter(), Counter()
    for path in mail_dir.glob("*.eml"):
        with path.open("rb") as f:
            headers = parser.parse(f)
        ids[headers["Message-ID"]] += 1
        by_key[headers["X-Kanwu-Dedupe-Key"]] += 1
    return {"files": sum(ids.values()), "lost": len(expected - set(ids)),
            "lost_by_key": len(keys - set(by_key)),
            "doubled": sum(n - 1 for n in ids.values() if n > 1),
            "doubled_by_key": sum(n - 1 for n in by_key.values() if n > 1),
            "unexpected": len(set(ids) - expected)}


def run(workdir: Path, mails: int, submits: int, kills: int, timeout: float) -> dict:
    from bench.common import free_port
    from core.devserver import commands, supervise

    port = free_port()
    for name in CLEARED:
        os.environ.pop(name, None)
    os.environ.update(KANWU_INSTANCE=str(workdir), PORT=str(port), MAIL_BACKEND="file",
                      GUNICORN_WORKERS="1", RATELIMIT_ENABLED="0")
    os.chdir(ROOT)
    from core.extensions import db
    from kanwu.app import create_app

    app = create_app()
    with app.app_context():
        db.create_all()
    author_id, column_id = seed(app)

    stopping, result = threading.Event(), {}
    supervisor = threading.Thread(daemon=True, target=lambda: result.update(
        restarts=supervise(commands(str(port)), stopping, log=lambda line: print(line))))
    supervisor.start()
    poller = PagePoller(f"http://127.0.0.1:{port}/pages/aims")
    poller.start()
    started = time.monotonic()
    while poller.last_ok is None and time.monotonic() - started < 60:
        time.sleep(0.1)
    began = time.monotonic()
    killed = produce(app, mails, submits, kills, author_id, column_id)
    produced = time.monotonic()
    total, sent = wait_until_sent(app, timeout)
    drained = time.monotonic()
    poller.stopping.set()
    poller.join()
    stopping.set()
    supervisor.join(timeout=60)
    counted = count_mail(app, Path(app.config["MAIL_DIR"]))
    return {
        "mails_queued": mails, "submits": submits, "outbox_rows": total, "sent": sent,
        "lost": counted["lost"] + (total - sent), "doubled": counted["doubled"],
        "eml_files": counted["files"], "unexpected_files": counted["unexpected"],
        "lost_by_dedupe_key": counted["lost_by_key"],
        "doubled_by_dedupe_key": counted["doubled_by_key"],
        "worker_kills": killed, "restarts": result.get("restarts", {}),
        "longest_page_gap_s": round(poller.longest_gap, 3),
        "page_requests_answered": poller.answered, "page_requests_failed": poller.failed,
        "produce_s": round(produced - began, 1), "drain_after_produce_s": round(
            drained - produced, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--submits", type=int, default=100)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds to wait for the outbox to drain after the last mail")
    parser.add_argument("--out", help="write the figures as JSON here (no table, no results)")
    args = parser.parse_args()
    from bench import common

    # The processes' logs go to a file in the scratch folder; the figures to stdout.
    stdout = os.fdopen(os.dup(1), "w")
    with common.scratch_dir("kanwu-soak-") as workdir:
        log = os.open(workdir / "processes.log", os.O_WRONLY | os.O_CREAT)
        os.dup2(log, 1)
        os.dup2(log, 2)
        figures = run(workdir, args.mails, args.submits, args.kills, args.timeout)
        logged = (workdir / "processes.log").read_text(errors="replace")
        # Mails sent again after a kill that the mail folder recognised by their Message-ID.
        figures["copies_recognised"] = logged.count("already in the mail folder")
        if args.out:
            Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
        tail = logged[-3000:]
    sys.stdout = stdout
    if args.out:
        print(json.dumps(figures), "\n--- last lines of the processes' log ---\n" + tail)
        return 0
    common.print_table(["figure", "value"], [[k, str(v)] for k, v in figures.items()])
    common.write_results("soak", figures)
    ok = figures["lost"] == 0 and figures["doubled"] == 0
    print(f"\n0 lost and 0 doubled: {common.verdict(ok)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
