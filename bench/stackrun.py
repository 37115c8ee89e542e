"""The production stack (bench/stack.sh) as a context manager for the benchmarks, with authors
seeded in its database, concurrent submissions over HTTP and a watch on the SMTP sink."""

import os
import re
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

from bench import common, flows
from bench.client import Client

STACK = common.ROOT / "bench" / "stack.sh"


@dataclass
class Stack:
    dir: Path
    port: int
    env: dict

    @property
    def nginx(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def gunicorn(self) -> str:
        return f"http://127.0.0.1:{self.port + 1}"

    @property
    def maildir(self) -> Path:
        return self.dir / "maildir"

    def python(self, code: str) -> str:
        """Run Python in the stack's environment (its database, its broker)."""
        return subprocess.run([str(common.VENV_BIN / "python"), "-c", code], cwd=common.ROOT,
                              env=self.env, check=True, capture_output=True, text=True).stdout


@contextmanager
def stack(tmp: Path, *, db: str = "kanwu_bench_stack", worker_concurrency: int = 1,
          web_workers: int | None = None):
    """Bring the stack up on free loopback ports with a fresh database; always bring it down."""
    port = common.free_port()
    while any(_in_use(p) for p in (port + 1, port + 2)):
        port = common.free_port()
    env = common.app_env(STACK_DIR=tmp / "stack", STACK_PORT=port, STACK_DB=db, STACK_FRESH=1,
                         CELERY_CONCURRENCY=worker_concurrency,
                         # many scripted authors log in from 127.0.0.1 at once
                         RATELIMIT_ENABLED="0",
                         STACK_REDIS=os.environ.get("STACK_REDIS", "redis://127.0.0.1:6379/4"))
    if web_workers:
        env["GUNICORN_WORKERS"] = str(web_workers)
    try:
        subprocess.run([str(STACK), "up"], cwd=common.ROOT, env=env, check=True)
        out = subprocess.run([str(STACK), "env"], cwd=common.ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
        app_env = dict(env)
        app_env.update(line.split("=", 1) for line in out.splitlines() if "=" in line)
        app_env["SECRET_KEY"] = (tmp / "stack" / "secret").read_text().strip()
        yield Stack(tmp / "stack", port, app_env)
    finally:
        subprocess.run([str(STACK), "down"], cwd=common.ROOT, env=env, check=False)


def _in_use(port: int) -> bool:
    try:
        common.wait_port(port, timeout=0.05)
        return True
    except RuntimeError:
        return False


SEED = """
from kanwu.app import create_app
from core.extensions import db
from core.demo import load_demo
from accounts.models import Role
from accounts.services import register_user
from bench.flows import PASSWORD
app = create_app()
with app.app_context():
    load_demo()
    for i in range({count}):
        register_user(email=f"bench-author{{i}}@example.org", password=PASSWORD,
                      name=f"作者{{i}}", roles=(Role.AUTHOR,), confirmed=True)
    db.session.commit()
"""


def seed_authors(st: Stack, count: int) -> list[str]:
    st.python(SEED.format(count=count))
    return [f"bench-author{i}@example.org" for i in range(count)]


@dataclass
class Submission:
    author: str
    started: float = 0.0  # the final "submit" click
    done: float = 0.0
    wizard_started: float = 0.0
    number: str = ""
    recipients: list[str] = field(default_factory=list)
    error: str = ""


def run_authors(base: str, authors: list[str], per_author: int, pad_to: int,
                timeout: float = 600.0) -> tuple[list[Submission], float]:
    """Each author logs in, then all submit at once (a barrier), `per_author` times each.
    Returns the submissions and the wall time from the barrier to the last one done."""
    samples = {a: [flows.sample_docx(f"{a}-{n}", pad_to=pad_to) for n in range(per_author)]
               for a in authors}
    clients = {}
    for author in authors:
        client = Client(base, timeout=timeout)
        client.login(author, flows.PASSWORD)
        clients[author] = client
    barrier = threading.Barrier(len(authors) + 1)
    results: list[Submission] = []
    lock = threading.Lock()

    def work(author: str) -> None:
        client = clients[author]
        barrier.wait()
        for meta, docx in samples[author]:
            sub = Submission(author, wizard_started=time.time())
            try:
                sub.number = flows.submit_manuscript(
                    client, (meta, docx), on_submit=lambda s=sub: setattr(s, "started",
                                                                           time.time()))
            except Exception as exc:  # reported, never hidden
                sub.error = f"{exc.__class__.__name__}: {exc}"[:500]
            sub.done = time.time()
            sub.recipients = [author] + [a["email"] for a in meta["authors"][1:]]
            with lock:
                results.append(sub)

    threads = [threading.Thread(target=work, args=(a,), daemon=True) for a in authors]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.time()
    for t in threads:
        t.join(timeout)
    wall = time.time() - began
    for client in clients.values():
        client.close()
    return results, wall


@dataclass
class Mail:
    to: str
    subject: str
    dedupe_key: str
    arrived: float
    body: str


def read_mails(maildir: Path) -> list[Mail]:
    mails = []
    new = maildir / "new"
    if not new.exists():
        return mails
    for path in new.iterdir():
        raw = path.read_bytes()
        msg = message_from_bytes(raw, policy=policy.default)
        body = msg.get_body(preferencelist=("plain",))
        mails.append(Mail(to=str(msg["To"]), subject=str(msg["Subject"]),
                          dedupe_key=str(msg["X-Kanwu-Dedupe-Key"]),
                          arrived=path.stat().st_mtime,
                          body=body.get_content() if body else ""))
    return mails


def wait_for_acknowledgements(maildir: Path, subs: list["Submission"],
                              timeout: float) -> list[Mail]:
    """Wait until every author of every numbered submission has an acknowledgement (other
    mail, such as the demo's letters, does not count), or until `timeout`."""
    deadline = time.monotonic() + timeout
    mails = read_mails(maildir)
    while (not all(acknowledgements(mails, subs).values())
           and time.monotonic() < deadline):
        time.sleep(0.2)
        mails = read_mails(maildir)
    time.sleep(2.0)  # would anything arrive twice?
    return read_mails(maildir)


NUMBER = re.compile(r"[A-Z]+-\d{4}-\d{4,}")


def acknowledgements(mails: list[Mail], subs: list[Submission]) -> dict[tuple[str, str], list]:
    """(number, recipient) -> the mails naming that number that reached that recipient."""
    recipients = {s.number: s.recipients for s in subs if s.number}
    found = {(n, r): [] for n, rs in recipients.items() for r in rs}
    for mail in mails:
        for number in set(NUMBER.findall(mail.subject + "\n" + mail.body)):
            for rcpt in recipients.get(number, []):
                if rcpt in mail.to:
                    found[(number, rcpt)].append(mail)
    return found
