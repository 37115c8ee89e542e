"""Two identical posts at once (a double click, a resent form) through a real server: one
signature, one payment report."""

import threading
import urllib.parse
import urllib.request
import uuid
from decimal import Decimal
from http.cookiejar import CookieJar

from core.extensions import db
from core.outbox import OutboxEmail
from production import agreements, fees
from production.models import Signature
from production.tokens import make_token
from tests.conftest import PASSWORD
from tests.production.test_fees import PNG


def _at_once(send, times: int = 2) -> list:
    barrier, answers = threading.Barrier(times), []

    def run():
        barrier.wait()
        try:
            answers.append(send().status)
        except urllib.error.HTTPError as exc:
            answers.append(exc.code)

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
             .encode() for k, v in fields.items()]
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def test_one_signature_from_two_posts_at_once(live_server, accepted):
    signature = agreements.signatures_of(accepted())[0]
    body = urllib.parse.urlencode({"name": "张伟", "declared": "y",
                                   "version": agreements.latest_version().id}).encode()
    url = f"{live_server.url}/agreement/{make_token(signature)}"
    answers = _at_once(lambda: urllib.request.urlopen(urllib.request.Request(url, body)))
    assert sorted(answers) == [200, 200]
    db.session.expire_all()
    signed = db.session.get(Signature, signature.id)
    assert signed.signed and signed.client_address == "127.0.0.1"


def test_one_payment_from_two_posts_at_once(live_server, editor, accepted):
    fees.save_settings(editor, page_mode="fixed", page_amount=Decimal("1500"))
    fee = fees.fees_of(accepted())[0]
    db.session.commit()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    opener.open(f"{live_server.url}/account/login", urllib.parse.urlencode(
        {"email": "zhangwei@example.org", "password": PASSWORD}).encode())
    body, boundary = _multipart({"paid_on": "2026-12-01", "payer": "张伟", "amount": "1500"},
                                {"receipt": ("receipt.png", PNG)})
    request = urllib.request.Request(
        f"{live_server.url}/production/fees/{fee.id}/payment", body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    answers = _at_once(lambda: opener.open(request))
    assert 500 not in answers
    db.session.expire_all()
    reports = db.session.scalars(db.select(OutboxEmail).where(
        OutboxEmail.template == "production/fee_reported")).all()
    assert len(reports) == 1  # one report, told to the one editor once
