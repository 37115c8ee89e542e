"""`make run` keeps the web app up when the worker dies, and starts the worker again."""

import sys
import threading
import time

from core.devserver import supervise


def test_a_dying_worker_is_restarted_and_the_web_app_goes_on(tmp_path):
    starts = tmp_path / "starts"
    web_alive = tmp_path / "web"
    # The worker dies at once on its first two starts, then stays up.
    worker = (f"import sys, time, pathlib; p = pathlib.Path({str(starts)!r}); "
              "n = len(p.read_text()) if p.exists() else 0; p.write_text('x' * (n + 1)); "
              "sys.exit(3) if n < 2 else time.sleep(60)")
    web = (f"import time, pathlib, os; pathlib.Path({str(web_alive)!r})"
           ".write_text(str(os.getpid())); time.sleep(60)")
    stopping, lines, result = threading.Event(), [], {}

    def run():
        result["restarts"] = supervise({"web": [sys.executable, "-c", web],
                                        "worker": [sys.executable, "-c", worker]},
                                       stopping, log=lines.append, poll=0.05)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30  # a hang detector, not a timing assertion
    while time.monotonic() < deadline and not (starts.exists() and len(starts.read_text()) >= 3):
        time.sleep(0.05)
    time.sleep(0.3)
    web_pid = web_alive.read_text()
    stopping.set()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert result["restarts"] == {"web": 0, "worker": 2}
    assert len(lines) == 2 and all(line.startswith("worker exited with 3") for line in lines)
    assert web_alive.read_text() == web_pid  # the web app was started once and never stopped
