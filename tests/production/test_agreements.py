"""The copyright agreement: one request per author at acceptance, signing through one's own
link once, the version kept, the PDF, the reminders, and the gate on scheduling/publishing."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from flask import g
from pypdf import PdfReader

from core.clock import utcnow
from core.extensions import db
from core.outbox import OutboxEmail
from core.refusals import Conflict, Invalid, Stale
from production import agreements, progress
from production.documents import make_agreement_pdf
from production.models import AgreementDocument, Signature, Step
from production.tokens import LinkHolder, make_token
from publishing import checks, services
from submission import storage
from submission.states import ProductionStep
from tests.factories import make_column


def _sign(signature, name=None, **overrides):
    values = dict(typed_name=name or signature.author.name, declared=True,
                  version_id=agreements.latest_version().id, client_address="203.0.113.7")
    values.update(overrides)
    return agreements.sign(signature, LinkHolder(signature), **values)


def test_acceptance_asks_every_author_with_an_address_in_their_language(accepted):
    manuscript = accepted()
    signatures = agreements.signatures_of(manuscript)
    assert [s.author.name for s in signatures] == ["张伟", "李娜"]
    assert manuscript.production_step == ProductionStep.AGREEMENT
    mails = {m.to_addr: m for m in db.session.scalars(
        db.select(OutboxEmail).where(OutboxEmail.template == "production/agreement_request"))}
    assert set(mails) == {"zhangwei@example.org", "lina@example.org"}
    assert "版权转让协议" in mails["zhangwei@example.org"].subject
    assert "copyright agreement" in mails["lina@example.org"].subject
    links = {to: re.search(r"/agreement/(\S+)", m.body_text).group(1) for to, m in mails.items()}
    assert links["zhangwei@example.org"] != links["lina@example.org"]


def test_signing_records_name_time_address_and_version_once(accepted):
    manuscript = accepted()
    first, second = agreements.signatures_of(manuscript)
    _sign(first)
    assert first.signed and first.client_address == "203.0.113.7"
    assert first.version.number == 1 and first.signed_name == "张伟"
    with pytest.raises(Conflict):  # the same post again changes nothing
        _sign(first)
    _sign(second, name="li na")  # pinyin, any case and spacing
    assert manuscript.production_step == ProductionStep.PROOF  # the next step


def test_bad_input_is_refused_with_a_message(accepted):
    signature = agreements.signatures_of(accepted())[0]
    with pytest.raises(Invalid, match="declaration"):
        _sign(signature, declared=False)
    with pytest.raises(Invalid, match="张伟"):
        _sign(signature, name="李娜")
    assert not signature.signed


def test_a_new_text_is_a_new_version_and_old_signatures_keep_theirs(accepted, editor):
    signature, other = agreements.signatures_of(accepted())
    _sign(signature)
    old_version = agreements.latest_version().id
    agreements.save_text(editor, "新的协议文本", "New text")
    with pytest.raises(Stale):  # read the old text, signs after the change
        _sign(other, version_id=old_version)
    _sign(other)
    assert (signature.version.number, other.version.number) == (1, 2)


def test_the_pdf_lists_every_signature(accepted):
    manuscript = accepted()
    for signature in agreements.signatures_of(manuscript):
        _sign(signature)
    db.session.commit()
    make_agreement_pdf(manuscript.id)
    document = db.session.get(AgreementDocument, manuscript.id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(
        storage.read_bytes(document.sha256))).pages)
    for expected in ("张伟", "李娜", manuscript.number, "203.0.113.7", "著作权"):
        assert expected in text


def test_reminders_go_every_n_days_to_those_who_have_not_signed(accepted):
    manuscript = accepted()
    signed, unsigned = agreements.signatures_of(manuscript)
    _sign(signed)
    db.session.commit()
    assert agreements.remind_unsigned() == 0
    with time_machine.travel(utcnow() + timedelta(days=agreements.REMINDER_DAYS, hours=1)):
        assert agreements.remind_unsigned() == 1
        assert agreements.remind_unsigned() == 0  # not twice in a row
    with time_machine.travel(utcnow() + timedelta(days=2 * agreements.REMINDER_DAYS, hours=2)):
        assert agreements.remind_unsigned() == 1
    reminders = db.session.scalars(db.select(OutboxEmail).where(
        OutboxEmail.subject.contains("Reminder"))).all()
    assert [m.to_addr for m in reminders] == ["lina@example.org"] * 2


def _issue(editor):
    return services.create_issue(editor, year=2026, number=3, volume=39)


def test_scheduling_waits_for_every_signature_or_an_override(accepted, editor):
    manuscript = accepted(column=make_column())
    issue = _issue(editor)
    with pytest.raises(progress.NotReady, match="copyright agreement"):
        services.schedule(manuscript, issue, editor)
    with pytest.raises(Invalid):
        progress.override(manuscript, editor, Step.AGREEMENT, "  ")
    progress.override(manuscript, editor, Step.AGREEMENT, "作者已提交纸质协议")
    assert manuscript.production_step == ProductionStep.PROOF
    progress.override(manuscript, editor, Step.PROOF, "作者电话确认校样")
    assert manuscript.production_step == ProductionStep.READY
    services.schedule(manuscript, issue, editor)
    assert manuscript.state == "scheduled"


def test_publishing_lists_missing_signatures(accepted, editor):
    manuscript = accepted(column=make_column())
    issue = _issue(editor)
    progress.override(manuscript, editor, Step.AGREEMENT, "reason")
    progress.override(manuscript, editor, Step.PROOF, "reason")
    article = services.schedule(manuscript, issue, editor)
    assert not any("copyright" in m for m in checks.missing_items(article))
    db.session.delete(progress.overridden(manuscript)[Step.AGREEMENT])
    db.session.flush()
    assert any("copyright agreement" in m for m in checks.missing_items(article))


def test_links_are_capabilities(app, client, accepted, sign_in, make_user):
    manuscript = accepted()
    mine, other = agreements.signatures_of(manuscript)
    token = make_token(mine)
    client.get("/?lang=en")
    page = client.get(f"/agreement/{token}")
    assert page.status_code == 200 and "Zhang Wei" in page.text
    # someone signed in as another account cannot use it
    stranger = make_user(email="stranger@example.org")
    sign_in(client, stranger)
    refused = client.post(f"/agreement/{token}", data={"name": "张伟", "declared": "y",
                                                        "version": "1"})
    assert refused.status_code == 403, refused.text[-3000:]
    client.get("/account/logout")
    g.pop("_login_user", None)
    # a forged or expired link opens nothing
    assert client.get("/agreement/not-a-link").status_code == 410
    with time_machine.travel(utcnow() + timedelta(days=31)):
        assert client.get(f"/agreement/{token}").status_code == 410
    # another author's link signs only that author's row
    other_client = app.test_client()
    other_client.get("/?lang=en")
    version = agreements.latest_version().id
    answer = other_client.post(f"/agreement/{make_token(other)}",
                               data={"name": "Li Na", "declared": "y", "version": version})
    assert answer.status_code == 200 and "Signed by" in answer.text
    db.session.expire_all()
    assert db.session.get(Signature, other.id).signed
    assert not db.session.get(Signature, mine.id).signed
    # reused after signing: shows the signature, signs nothing again
    again = other_client.post(f"/agreement/{make_token(other)}",
                              data={"name": "Li Na", "declared": "y", "version": version})
    assert "Signed by" in again.text
    db.session.expire_all()
    assert db.session.get(Signature, other.id).signed_at == db.session.get(
        Signature, other.id).signed_at


def test_pages_show_who_signed(client, accepted, sign_in, author_id, editor):
    manuscript = accepted()
    _sign(agreements.signatures_of(manuscript)[0])
    db.session.commit()
    sign_in(client, author_id)
    detail = client.get(f"/manuscripts/{manuscript.id}?lang=en")
    assert detail.text.count('data-signed="yes"') == 1
    assert detail.text.count('data-signed="no"') == 1
    sign_in(client, editor.id)
    console = client.get(f"/desk/manuscripts/{manuscript.id}")
    assert 'id="production-panel"' in console.text and 'data-signed="yes"' in console.text
    assert client.get(f"/production/manuscripts/{manuscript.id}/agreement.pdf").status_code \
        == 404  # not yet made
    desk = client.get("/desk/?queue=awaiting_agreement")
    assert manuscript.number in desk.text


def test_admin_saves_new_versions(client, sign_in, editor):
    sign_in(client, editor.id)
    page = client.get("/admin/agreement?lang=en")
    assert "default" in page.text
    client.post("/admin/agreement", data={"body_zh": "第一版", "body_en": "v1"})
    client.post("/admin/agreement", data={"body_zh": "第二版", "body_en": "v2"})
    assert agreements.latest_version().number == 2
    assert client.post("/admin/agreement", data={"body_zh": ""}).status_code == 200
