"""`make run`: the web app (gunicorn) with a Celery worker and beat, on the embedded default.

The processes are supervised: one that dies is started again, with a line in the log and a
growing pause if it keeps dying, and the others go on (the web app never stops because the
worker fell over). Ctrl-C stops them all.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from core.config import default_instance, remember_base_url

MAX_PAUSE = 30.0  # seconds between restarts of a process that keeps dying at once
STEADY = 60.0  # a process that ran this long before dying is restarted without a pause


def web_env() -> dict:
    """Without Redis the login limits are counted in memory: one web process (with threads)
    then sees every attempt, instead of each of several processes counting its own."""
    env = dict(os.environ)
    if not (env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL")):
        env.setdefault("GUNICORN_WORKERS", "1")
        env.setdefault("GUNICORN_THREADS", "8")
    return env


def commands(port: str) -> dict[str, list[str]]:
    bin_dir = Path(sys.executable).parent
    return {
        "web": [str(bin_dir / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        "worker": [str(bin_dir / "celery"), "-A", "kanwu.worker", "worker", "-B",
                   "--concurrency", "2", "--loglevel", "INFO"],
    }


def supervise(cmds: dict[str, list[str]], stopping: threading.Event, *,
              log: Callable[[str], None] = print, poll: float = 0.5) -> dict[str, int]:
    """Run every command until `stopping` is set, restarting any that exits; return the
    number of restarts per command."""
    procs = {name: subprocess.Popen(cmd) for name, cmd in cmds.items()}  # noqa: S603
    restarts = dict.fromkeys(cmds, 0)
    started = dict.fromkeys(cmds, time.monotonic())
    failures = dict.fromkeys(cmds, 0)  # deaths in a row, each soon after its start
    due: dict[str, float] = {}  # name -> when to start it again
    try:
        while not stopping.wait(poll):
            now = time.monotonic()
            for name, proc in procs.items():
                if name in due:
                    if now >= due[name]:
                        del due[name]
                        procs[name] = subprocess.Popen(cmds[name])  # noqa: S603
                        started[name] = now
                    continue
                if proc.poll() is None:
                    continue
                restarts[name] += 1
                failures[name] = 1 if now - started[name] > STEADY else failures[name] + 1
                pause = min(MAX_PAUSE, poll * 2 ** min(failures[name] - 1, 8))
                log(f"{name} exited with {proc.returncode}; restarting in {pause:.1f} s "
                    f"(restart {restarts[name]})")
                due[name] = now + pause
        return restarts
    finally:
        _stop(procs.values())


def _stop(procs) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    port = os.environ.get("PORT", "5000")
    stopping = threading.Event()  # Ctrl-C reaches the children too; then their exit is no error
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    os.environ.update(web_env())  # the worker ignores the web's settings
    url = os.environ.get("BASE_URL") or f"http://127.0.0.1:{port}"
    remember_base_url(default_instance(), url)  # `flask site build` elsewhere links here too
    print(f"Kanwu is running on {url} (Ctrl-C stops web, worker and beat)")
    supervise(commands(port), stopping, log=lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
