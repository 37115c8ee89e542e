"""An editor publishes an issue and, without reloading, sees its public pages go live."""

from datetime import date

import pytest
from sqlalchemy import select

from core.extensions import db
from core.jobs import Job
from publishing import services
from publishing.tasks import render_site
from tests.accounts.test_browser import log_in
from tests.conftest import PASSWORD
from tests.publishing.conftest import accepted, ready_article

pytestmark = pytest.mark.browser


def test_the_issue_page_says_when_the_pages_are_live(app, page, editor, author_id):
    issue = services.create_issue(editor, year=2026, number=1, volume=39,
                                  publication_date=date(2026, 1, 1))
    ready_article(accepted(author_id), issue, editor)
    db.session.commit()
    log_in(page, "ed@example.org", PASSWORD)
    page.goto(f"/editor/issues/{issue.id}")
    page.get_by_role("button", name="出版本期").click()
    status = page.locator(".job-status")
    assert "正在生成并上线公开页面" in status.inner_text()
    assert "排队等待处理" in status.locator(".job-state").inner_text()
    job_id = db.session.scalar(select(Job.id).order_by(Job.id.desc()))
    page.evaluate("window.sameDocument = true")  # gone if the page were loaded again
    render_site(job_id)  # the worker builds the pages while the editor watches
    link = status.get_by_role("link", name="页面已上线，点击查看")
    link.wait_for(state="visible", timeout=10_000)  # polled, not reloaded
    assert page.evaluate("window.sameDocument === true")
    assert "已完成" in status.locator(".job-state").inner_text()
    link.click()
    assert page.url.endswith("/issues/2026/1/")
    assert "2026年第1期" in page.content()
