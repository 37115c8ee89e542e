"""One browser journey: an author registers and submits a .docx through the wizard, sees the
format report and the number; an editor registers receipt; the author sees "received" and
gets the receipt PDF."""

import pytest
from playwright.sync_api import expect

from core.extensions import db
from submission.samples import sample_docx
from tests.accounts.test_browser import log_in, path_of_link
from tests.conftest import PASSWORD
from tests.factories import make_column

pytestmark = pytest.mark.browser


def test_submit_receive_and_receipt(app, page, browser, live_server, make_user, outbox,
                                    tmp_path):
    with app.app_context():
        make_column(name_zh="信息技术应用", name_en="Information Technology",
                    length_limit_chars=7000)
        db.session.commit()
    make_user(email="editor@example.org", roles=("editor",), name="赵敏")
    manuscript_file = tmp_path / "论文.docx"
    manuscript_file.write_bytes(sample_docx())

    page.goto("/account/register")
    page.fill("input[name=email]", "author@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=name]", "张伟")
    page.fill("input[name=affiliation]", "河北大学图书馆")
    page.click("input[type=submit], button[type=submit]")
    [confirmation] = outbox.deliver()
    page.goto(path_of_link(confirmation))
    log_in(page, "author@example.org", PASSWORD)
    page.goto("/submit")
    page.check("text=信息技术应用")
    page.click("text=保存并继续")
    page.check("input[name=checklist]")
    page.check("input[name=declaration]")
    page.click("text=保存并继续")
    page.fill("input[name=title_zh]", "高校图书馆数据服务研究")
    page.fill("input[name=title_en]", "Data Services in University Libraries")
    page.fill("textarea[name=abstract_zh]", "目的：探讨高校图书馆数据服务。" * 15)
    page.fill("textarea[name=abstract_en]", "This paper studies data services.")
    page.fill("input[name=keywords_zh]", "数据服务；高校图书馆；数据馆员")
    page.fill("input[name=keywords_en]", "data services; university library; data librarian")
    page.fill("input[name=clc_number]", "G250.7")
    page.click("text=保存并继续")
    page.fill("input[name=name]", "李娜")
    page.fill("input[name=email]", "lina@example.org")
    page.fill("input[name=affiliation]", "河北师范大学")
    page.click("button:has-text('添加作者')")
    # the co-author's row is corrected in place: the pinyin follows the corrected name
    page.locator("tr", has_text="lina@example.org").locator("text=修改").click()
    page.fill("input[name=edit-name]", "李小娜")
    page.fill("input[name=edit-name_pinyin]", "")
    page.fill("input[name=edit-name]", "李晓娜")
    expect(page.locator("input[name=edit-name_pinyin]")).to_have_value("Li Xiaona")
    page.click("button:has-text('保存该作者')")
    row = page.locator("tr", has_text="lina@example.org")
    assert "李晓娜" in row.inner_text() and "Li Xiaona" in row.inner_text()
    page.click("text=作者信息已完整，继续")
    page.set_input_files("input[type=file]", str(manuscript_file))
    page.click("button:has-text('上传')")
    report = page.locator(".compliance-report")
    assert "参考文献：共 3 条。" in report.inner_text()
    page.click("text=下一步：核对提交")
    page.click("text=提交稿件")
    number = page.locator(".manuscript-number").inner_text()
    assert number.startswith("HBKJTY-") and "投稿成功" in page.content()
    assert page.locator("#state").inner_text() == "已投稿"
    detail_url = page.url

    editor = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    log_in(editor, "editor@example.org", PASSWORD)
    editor.goto("/desk/")
    editor.click(f"text={number}")
    editor.click("button:has-text('登记收稿')")
    assert editor.locator("#state").inner_text() == "已收稿"
    editor.context.close()

    page.goto(detail_url)
    assert page.locator("#state").inner_text() == "已收稿"
    href = page.locator("text=收稿回执（PDF）").get_attribute("href")
    pdf = page.request.get(href)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
