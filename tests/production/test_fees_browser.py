"""The page fee in the browser: the author reads the notice on the fee page and records the
transfer with its receipt and the invoice details; the editor confirms it on the same page."""

from decimal import Decimal

import pytest

from core.extensions import db
from production import fees
from tests.production.test_fees import PNG
from tests.production.test_journey_browser import _shot, _signed_in_page

pytestmark = pytest.mark.browser


def test_the_author_pays_and_the_office_confirms(page, browser, live_server, accepted,
                                                 editor, author_id):
    fees.save_settings(editor, review_mode="none", review_amount=Decimal("0"),
                       page_mode="fixed", page_amount=Decimal("1500"), due_days=20,
                       bank_name="中国银行石家庄分行", account_name="河北科技图苑编辑部",
                       account_number="1234 5678 9012")
    db.session.commit()
    manuscript = accepted()
    manuscript_id = manuscript.id

    author = _signed_in_page(browser, live_server, "zhangwei@example.org")
    author.goto(f"/production/manuscripts/{manuscript_id}/fees")
    form = author.locator("#payment-page")
    form.get_by_label("汇款日期").fill("2026-12-01")
    form.get_by_label("付款人").fill("张伟")
    form.get_by_label("实缴金额（元）").fill("1500")
    form.get_by_label("汇款凭证（照片或 PDF）").set_input_files(files=[{
        "name": "回单.png", "mimeType": "image/png", "buffer": PNG}])
    form.get_by_label("发票抬头").fill("河北大学")
    form.get_by_label("纳税人识别号").fill("12130000401700000X")
    form.get_by_label("接收电子发票的邮箱").fill("zhangwei@example.org")
    _shot(author, "07-author-records-payment.png")
    form.locator("[type=submit]").click()
    author.locator("#fee-page[data-state=reported]").wait_for()

    desk = _signed_in_page(browser, live_server, "ed@example.org")
    desk.goto(f"/production/manuscripts/{manuscript_id}/fees")
    desk.locator("#review-page").get_by_label("确认：已到账").check()
    desk.locator("#review-page [type=submit]").click()
    desk.locator("#fee-page[data-state=confirmed]").wait_for()
    _shot(desk, "08-editor-confirmed-payment.png")
