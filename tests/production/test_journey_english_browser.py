"""The production journey in English with the page fee switched on: the author signs the
agreement, the proof is approved, scheduling is refused while the fee is unpaid, the author
records the transfer, the office confirms it, and the issue is published."""

import re

import pytest

from accounts.models import Role
from core.extensions import db
from production import fees
from publishing import services
from publishing.demo import docx_bytes
from tests.conftest import PASSWORD
from tests.factories import make_column
from tests.production.test_fees import PNG
from tests.production.test_journey_browser import _link, _shot
from tests.production.test_proofs import proof_pdf

pytestmark = pytest.mark.browser


def _english(browser, live_server, email=None):
    """A page in English, signed in as `email` (anonymous without one)."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/lang/en")
    if email:
        page.goto("/account/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form [type=submit]")
        page.wait_for_url(lambda url: "/account/login" not in url)
    return page


def test_from_acceptance_to_publication_in_english_with_the_page_fee(
        browser, live_server, app, accepted, editor, author_id, make_user):
    fees.save_settings(editor, review_mode="none", review_amount=0, page_mode="fixed",
                       page_amount=1500, due_days=20, bank_name="Bank of China, Shijiazhuang",
                       account_name="Editorial Office", account_number="1234 5678 9012")
    db.session.commit()
    make_user(roles=(Role.EDITOR,), email="office@example.org", name="责任编辑",
              locale="en")
    manuscript = accepted(column=make_column(), authors=[
        {"name": "张伟", "name_pinyin": "Zhang Wei", "email": "zhangwei@example.org",
         "affiliation": "Hebei University Library", "corresponding": True, "locale": "en"}])
    issue = services.create_issue(editor, year=2027, number=2, volume=40)
    db.session.commit()
    manuscript_id, issue_id = manuscript.id, issue.id

    # The author signs from the mailed link, in English.
    author = _english(browser, live_server)
    author.goto(_link("production/agreement_request", r"/agreement/\S+"))
    assert "Copyright" in author.content() or "agreement" in author.content()
    author.get_by_label("Your name, as a signature").fill("张伟")
    author.get_by_label(re.compile("I have read the agreement above")).check()
    author.get_by_role("button", name="Sign the agreement").click()
    assert "Signed by 张伟" in author.locator("#signed").inner_text()
    _shot(author, "en-01-author-signed.png")

    # The office sends the proof; the author approves it from the mailed link.
    office = _english(browser, live_server, "office@example.org")
    office.goto(f"/production/manuscripts/{manuscript_id}")
    office.set_input_files("#proof-upload input[type=file]", files=[{
        "name": "proof-1.pdf", "mimeType": "application/pdf", "buffer": proof_pdf()}])
    office.locator("#proof-upload [type=submit]").click()
    office.locator(".proof-round[data-state=sent]").wait_for()
    db.session.expire_all()
    author.goto(_link("production/proof_sent", r"/proof/\S+"))
    author.get_by_role("button", name="Approve the proof").click()
    author.locator("#proof-answered").wait_for()

    # Scheduling is refused while the page fee is not confirmed, and says why.
    office.goto(f"/desk/manuscripts/{manuscript_id}")
    office.locator(f"form[action$='/editor/manuscripts/{manuscript_id}/schedule'] "
                   "[type=submit]").click()
    assert "the page fee (版面费) is not confirmed" in office.content()
    _shot(office, "en-02-schedule-refused-fee-unpaid.png")

    # The author records the transfer; the office confirms it.
    payer = _english(browser, live_server, "zhangwei@example.org")
    payer.goto(f"/production/manuscripts/{manuscript_id}/fees")
    form = payer.locator("#payment-page")
    form.get_by_label("Date of the transfer").fill("2026-12-01")
    form.get_by_label("Payer", exact=True).fill("Zhang Wei")
    form.get_by_label("Amount paid (yuan)").fill("1500")
    form.get_by_label("Transfer receipt (photo or PDF)").set_input_files(files=[{
        "name": "receipt.png", "mimeType": "image/png", "buffer": PNG}])
    form.get_by_label("Invoice title (发票抬头)").fill("Hebei University")
    form.get_by_label(re.compile("Taxpayer identification number")).fill("12130000401700000X")
    form.get_by_label("E-mail for the electronic invoice").fill("zhangwei@example.org")
    form.locator("[type=submit]").click()
    payer.locator("#fee-page[data-state=reported]").wait_for()
    office.goto(f"/production/manuscripts/{manuscript_id}/fees")
    office.locator("#review-page").get_by_label("Confirm: received").check()
    office.locator("#review-page [type=submit]").click()
    office.locator("#fee-page[data-state=confirmed]").wait_for()
    _shot(office, "en-03-fee-confirmed.png")

    # Now the manuscript is scheduled, given its final file and published.
    office.goto(f"/desk/manuscripts/{manuscript_id}")
    office.locator(f"form[action$='/editor/manuscripts/{manuscript_id}/schedule'] "
                   "[type=submit]").click()
    office.wait_for_url(f"**/editor/issues/{issue_id}")
    office.fill("input[name$=page_start]", "1")
    office.fill("input[name$=page_end]", "8")
    office.locator("form[action*='/arrange'] [type=submit]").click()
    office.locator("td a[href*='/editor/articles/']").first.click()
    office.set_input_files("form[action$='/final'] input[type=file]", files=[{
        "name": "final.docx", "buffer": docx_bytes([("1 Introduction", ["Text."])]),
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    office.locator("form[action$='/final'] [type=submit]").click()
    office.goto(f"/editor/issues/{issue_id}")
    office.locator(f"form[action$='/editor/issues/{issue_id}/publish'] [type=submit]").click()
    office.locator(".badge.text-bg-success").wait_for()
    _shot(office, "en-04-published.png")
    db.session.expire_all()
    assert db.session.get(type(manuscript), manuscript_id).state == "published"
