"""`make run`: the web app (gunicorn) with a Celery worker and beat, on the embedded default.

Ctrl-C stops them all.
"""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path


def web_env() -> dict:
    """Without Redis the login limits are counted in memory: one web process (with threads)
    then sees every attempt, instead of each of several processes counting its own."""
    env = dict(os.environ)
    if not (env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL")):
        env.setdefault("GUNICORN_WORKERS", "1")
        env.setdefault("GUNICORN_THREADS", "8")
    return env


def main() -> int:
    bin_dir = Path(sys.executable).parent
    port = os.environ.get("PORT", "5000")
    commands = {
        "web": [str(bin_dir / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        "worker": [str(bin_dir / "celery"), "-A", "worker.app", "worker", "-B",
                   "--concurrency", "2", "--loglevel", "INFO"],
    }
    stopping = threading.Event()  # Ctrl-C reaches the children too; then their exit is no error
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    procs = {name: subprocess.Popen(cmd, env=web_env() if name == "web" else None)  # noqa: S603
             for name, cmd in commands.items()}
    print(f"Kanwu is running on http://127.0.0.1:{port} (Ctrl-C stops web, worker and beat)")
    try:
        while not stopping.wait(0.5):
            for name, proc in procs.items():
                if proc.poll() is not None and not stopping.is_set():
                    print(f"{name} exited with {proc.returncode}; stopping")
                    return proc.returncode or 1
        return 0
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
