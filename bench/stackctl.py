"""Python half of bench/stack.sh: wait for the worker, and the smoke run through the stack.

    python bench/stackctl.py wait-worker
    python bench/stackctl.py smoke --base http://127.0.0.1:8480 --maildir instance/stack/maildir
"""

import argparse
import json
import os
import sys
import time
import uuid
from email import message_from_bytes, policy
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import Client  # noqa: E402
from bench.common import render_nginx  # noqa: E402


def wait_worker(timeout: float = 60.0) -> None:
    from kanwu.worker import celery

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if celery.control.ping(timeout=1.0):
            return
    raise SystemExit("the Celery worker did not answer a ping")


def mails_to(maildir: Path, address: str) -> list:
    found = []
    for path in sorted((maildir / "new").iterdir()):
        msg = message_from_bytes(path.read_bytes(), policy=policy.default)
        if address in str(msg["To"]):
            found.append(msg)
    return found


def wait_mail(maildir: Path, address: str, timeout: float = 30.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = mails_to(maildir, address)
        if found:
            time.sleep(1.0)  # would a second copy arrive?
            return mails_to(maildir, address)
        time.sleep(0.1)
    return []


def smoke(base: str, maildir: Path) -> None:
    from bench import flows

    client = Client(base)
    health = client.get("/healthz")
    assert health.status == 200, f"/healthz through nginx answered {health.status}: {health.text}"
    assert health.headers.get("server", "").startswith("nginx"), "not served through nginx"
    assert json.loads(health.body)["status"] == "ok", health.text
    print(f"smoke: GET /healthz through nginx -> {health.status} {health.text.strip()}")

    email = f"smoke-{uuid.uuid4().hex[:8]}@example.org"
    flows.register(client, email, name="烟雾测试")
    confirmation = wait_mail(maildir, email)
    assert len(confirmation) == 1, f"expected one confirmation mail to {email}: {confirmation}"
    body = confirmation[0].get_body(preferencelist=("plain",)).get_content()
    flows.confirm_and_login(client, email, body)
    print(f"smoke: {email} registered through nginx, confirmed from the mail the worker sent")

    number = flows.submit_manuscript(client, flows.sample_docx("smoke"))
    print(f"smoke: manuscript {number} submitted through the wizard")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        acks = [m for m in mails_to(maildir, email) if number in str(m["Subject"]) + str(
            m.get_body(preferencelist=("plain",)).get_content())]
        if acks:
            break
        time.sleep(0.1)
    assert acks, f"no acknowledgement of {number} arrived in the SMTP sink"
    time.sleep(1.0)
    mails = mails_to(maildir, email)
    keys = [str(m["X-Kanwu-Dedupe-Key"]) for m in mails]
    assert len(keys) == len(set(keys)), f"a mail arrived twice: {keys}"
    print(f"smoke: acknowledgement in the SMTP sink: {acks[0]['Subject']}")
    print("smoke: ok")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["wait-worker", "smoke", "nginx-conf"])
    parser.add_argument("--base")
    parser.add_argument("--maildir", type=Path)
    for option in ("--dir", "--site", "--logs"):
        parser.add_argument(option, type=Path)
    parser.add_argument("--listen")
    parser.add_argument("--upstream")
    args = parser.parse_args()
    if args.command == "wait-worker":
        wait_worker()
    elif args.command == "nginx-conf":
        render_nginx(args.dir, listen=args.listen, upstream=args.upstream, site_root=args.site,
                     log_dir=args.logs, max_upload_mb=int(os.environ.get("MAX_UPLOAD_MB", "60")))
    else:
        smoke(args.base, args.maildir)


if __name__ == "__main__":
    main()
