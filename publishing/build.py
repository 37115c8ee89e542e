"""The static-site builder: incremental, atomic, deterministic, one build at a time.

- Incremental: the manifest (SITE_DIR/.build/manifest.json) keeps each file's content key and
  the hash of its bytes; a page whose key is unchanged is not even rendered, a rendered page
  whose bytes are unchanged is not written.
- Atomic: every file is written to a temporary name in its folder and renamed over the old
  one, so a reader (or a build killed midway) sees the old file or the new one, never half.
  A build that did not finish leaves its marker; the next build then trusts no key and
  compares with the bytes on disk.
- One at a time: an exclusive lock on SITE_DIR/.build/lock (flock, across processes); a second
  build waits for it, or is refused with BuildBusy when asked not to wait.
"""

import fcntl
import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from core.extensions import db
from core.refusals import Conflict
from publishing.pages import plan_pages
from publishing.search import update_index
from publishing.sitedata import load_bodies, load_site_data

STATE_DIR = ".build"


class BuildBusy(Conflict):
    """Another build holds the lock."""


@dataclass
class BuildReport:
    pages: int = 0
    rendered: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    indexed: int = 0
    seconds: float = 0.0  # rendering and writing the site
    index_seconds: float = 0.0  # segmenting new or changed articles for the search

    def summary(self) -> dict:
        return {"pages": self.pages, "rendered": self.rendered, "written": len(self.written),
                "removed": len(self.removed), "indexed": self.indexed,
                "seconds": round(self.seconds, 3), "index_seconds": round(self.index_seconds, 3)}


def site_dir() -> Path:
    return Path(current_app.config["SITE_DIR"])


@contextmanager
def build_lock(state: Path, wait: bool):
    state.mkdir(parents=True, exist_ok=True)
    with open(state / "lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise BuildBusy("another site build is running") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_atomic(target: Path, content: bytes) -> None:
    """Write beside the target under a hidden temporary name, then rename over it. Builds
    run one at a time (the lock), so the process id makes the temporary name unique."""
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _load_manifest(state: Path) -> dict:
    try:
        return json.loads((state / "manifest.json").read_text())
    except (FileNotFoundError, ValueError):
        return {}


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _remove_leftovers(root: Path) -> None:
    """Temporary files of a build that was killed while writing."""
    for tmp in root.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)


@dataclass
class _Job:
    root: Path
    todo: list
    bodies: dict[int, str]
    manifest: dict

    def render(self, index: int) -> tuple[str, str, str, bool]:
        """Render one page; write it only when its bytes changed."""
        page = self.todo[index]
        content = page.render(self.bodies)
        digest = _sha(content)
        target = self.root / page.path
        old = self.manifest.get(page.path, {}).get("sha")
        if old is None and target.exists():
            old = _sha(target.read_bytes())
        changed = old != digest or not target.exists()
        if changed:
            write_atomic(target, content)
        return page.path, page.key, digest, changed


PARALLEL_FROM = 300  # pages; below this a process pool costs more than it saves
_JOB: _Job | None = None  # the job forked worker processes inherit


def _render_chunk(indices: list[int]) -> list[tuple[str, str, str, bool]]:
    return [_JOB.render(i) for i in indices]


def _forget_connections() -> None:
    """A forked worker never touches the parent's database connections."""
    db.engine.dispose(close=False)


def _run(job: _Job, workers: int):
    """Render the pages of `job`, in forked processes when there are many (the data, the
    templates and the full texts are shared with them by fork; only results come back)."""
    global _JOB
    count = len(job.todo)
    if workers < 2 or count < PARALLEL_FROM:
        yield from (job.render(i) for i in range(count))
        return
    chunks = [list(range(start, count, workers * 8)) for start in range(workers * 8)]
    _JOB = job
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_forget_connections) as pool:
            for results in pool.map(_render_chunk, chunks):
                yield from results
    finally:
        _JOB = None


def build_site(*, wait: bool = True, full: bool = False, index: bool = True,
               reindex: bool = False,
               progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Bring SITE_DIR up to date with the database, then the search index, which it commits:
    a build is a unit of its own (the task or the command runs it, never a request). `full`
    renders every page (still writing only the files whose bytes changed); `reindex` segments
    every article again (otherwise only new or changed ones). `progress(done, total)` hears
    of each page rendered (a job's reporter, or the command's bar)."""
    started = time.perf_counter()
    root = site_dir()
    state = root / STATE_DIR
    report = BuildReport()
    with build_lock(state, wait):
        marker = state / "in-progress"
        recovering = marker.exists()
        if recovering:
            _remove_leftovers(root)
        manifest = {} if recovering else _load_manifest(state)
        marker.touch()
        data = load_site_data()
        pages = plan_pages(data)
        report.pages = len(pages)
        prefix = f"{root}{os.sep}"
        todo = [p for p in pages if full or manifest.get(p.path, {}).get("key") != p.key
                or not os.path.exists(prefix + p.path)]
        bodies = load_bodies(sorted({p.body_of for p in todo if p.body_of}))
        new_manifest = {p.path: manifest[p.path] for p in pages if p.path in manifest}
        job = _Job(root, todo, bodies, manifest)
        progress = progress or (lambda _done, _total: None)
        progress(0, len(todo))
        for path, key, digest, written in _run(job, current_app.config.get(
                "SITE_BUILD_WORKERS", os.cpu_count() or 1)):
            report.rendered += 1
            progress(report.rendered, len(todo))
            if written:
                report.written.append(path)
            new_manifest[path] = {"key": key, "sha": digest}
        for path in sorted(set(manifest) - {p.path for p in pages}):
            (root / path).unlink(missing_ok=True)
            report.removed.append(path)
        if new_manifest != manifest:
            write_atomic(state / "manifest.json",
                         json.dumps(new_manifest, sort_keys=True, indent=0).encode())
        marker.unlink()
        report.seconds = time.perf_counter() - started
        if index:
            started = time.perf_counter()
            report.indexed = update_index(data, rebuild=reindex)
            db.session.commit()  # still under the lock: the next build starts from this index
            report.index_seconds = time.perf_counter() - started
    return report
