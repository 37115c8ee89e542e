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
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from publishing.pages import plan_pages
from publishing.search import update_index
from publishing.sitedata import load_bodies, load_site_data

STATE_DIR = ".build"


class BuildBusy(RuntimeError):
    """Another build holds the lock."""


@dataclass
class BuildReport:
    pages: int = 0
    rendered: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    indexed: int = 0
    seconds: float = 0.0

    def summary(self) -> dict:
        return {"pages": self.pages, "rendered": self.rendered, "written": len(self.written),
                "removed": len(self.removed), "indexed": self.indexed,
                "seconds": round(self.seconds, 3)}


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
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
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


def build_site(*, wait: bool = True, full: bool = False) -> BuildReport:
    """Bring SITE_DIR up to date with the database. `full` renders every page (still
    writing only the files whose bytes changed)."""
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
        report.indexed = update_index(data, rebuild=full)  # commits the index table
        pages = plan_pages(data)
        report.pages = len(pages)
        todo = [p for p in pages if full or manifest.get(p.path, {}).get("key") != p.key
                or not (root / p.path).exists()]
        bodies = load_bodies(sorted({p.body_of for p in todo if p.body_of}))
        new_manifest = {p.path: manifest[p.path] for p in pages if p.path in manifest}
        for page in todo:
            content = page.render(bodies)
            report.rendered += 1
            digest = _sha(content)
            target = root / page.path
            old = manifest.get(page.path, {}).get("sha")
            if old is None and target.exists():
                old = _sha(target.read_bytes())
            if old != digest or not target.exists():
                write_atomic(target, content)
                report.written.append(page.path)
            new_manifest[page.path] = {"key": page.key, "sha": digest}
        for path in sorted(set(manifest) - {p.path for p in pages}):
            (root / path).unlink(missing_ok=True)
            report.removed.append(path)
        if new_manifest != manifest:
            write_atomic(state / "manifest.json",
                         json.dumps(new_manifest, sort_keys=True, indent=0).encode())
        marker.unlink()
    report.seconds = time.perf_counter() - started
    return report
