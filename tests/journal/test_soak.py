"""Soak of the embedded default (bench/bench_soak.py, in its own process and instance folder):
mails and submits while the worker is killed with SIGKILL twice; nothing lost, nothing doubled,
the page answering throughout.

The full size (1,000 mails, 100 submits) takes about 1.5 minutes on two quiet cores (6 under a
load of 10); KANWU_SOAK_MAILS and KANWU_SOAK_SUBMITS make it smaller. Locally it runs with
KANWU_REQUIRE_SERVICES=1 or KANWU_SOAK=1.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT, REQUIRE_SERVICES, need_service

MAILS = int(os.environ.get("KANWU_SOAK_MAILS", "1000"))
SUBMITS = int(os.environ.get("KANWU_SOAK_SUBMITS", "100"))


@pytest.mark.services
def test_the_embedded_default_loses_and_doubles_no_mail_while_the_worker_is_killed(tmp_path):
    need_service("the soak test", REQUIRE_SERVICES or os.environ.get("KANWU_SOAK") == "1",
                 "set KANWU_SOAK=1 (it takes minutes)")
    out = tmp_path / "soak.json"
    run = subprocess.run(  # noqa: S603
        [sys.executable, "bench/bench_soak.py", "--mails", str(MAILS), "--submits",
         str(SUBMITS), "--kills", "2", "--timeout", "240", "--out", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900)
    print(run.stdout[-4000:], run.stderr[-4000:])  # the figures, shown with -s or on failure
    assert run.returncode == 0
    figures = json.loads(out.read_text())
    assert figures["worker_kills"] == 2 and figures["restarts"] == {"web": 0, "worker": 2}
    assert figures["outbox_rows"] == MAILS + 2 * SUBMITS == figures["sent"]
    assert figures["lost"] == 0 and figures["lost_by_dedupe_key"] == 0
    assert figures["doubled"] == 0 and figures["doubled_by_dedupe_key"] == 0
    assert figures["eml_files"] == figures["outbox_rows"]
    assert figures["page_requests_failed"] == 0
    assert figures["longest_page_gap_s"] < 5  # polled every 0.1 s: never a real outage
