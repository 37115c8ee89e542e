"""An editor's journey through the statistics: filter by year and column, look at a chart,
ask for the yearly report and download it when the worker has written it."""

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from core.extensions import db
from core.jobs import Job
from reports.annual import render_annual_report
from tests.accounts.test_browser import log_in
from tests.conftest import PASSWORD
from tests.reports.test_figures import history  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
# where the screenshots go (KANWU_SCREENSHOTS: keep them, e.g. for the docs)
SHOTS = Path(os.environ.get("KANWU_SCREENSHOTS", "/tmp"))


def test_an_editor_reads_the_figures_and_downloads_the_yearly_report(app, page, make_user,
                                                                      history):  # noqa: F811
    make_user(roles=("editor",), email="stats@example.org", name="统计编辑")
    log_in(page, "stats@example.org", PASSWORD)
    page.goto("/desk/")
    page.get_by_role("link", name="编辑统计").click()
    page.locator("#year").select_option("2026")
    page.get_by_label("栏目").select_option(str(history["theory"]))
    page.get_by_role("button", name="查看").click()
    assert "year=2026" in page.url and f"column={history['theory']}" in page.url
    counts = page.locator('table[data-table="counts"]')
    # in the column "theory": A, B, C, E were submitted in 2026 (D is in "other")
    assert counts.locator("tr", has_text="投稿").first.locator("td").inner_text() == "4"
    chart = page.locator("#table-monthly .stats-chart img")
    chart.wait_for(state="visible")
    assert chart.evaluate("img => img.complete && img.naturalWidth") == 640  # drawn, shown
    page.locator("#table-monthly").screenshot(path=str(SHOTS / "stats-monthly-chart.png"))
    page.screenshot(path=str(SHOTS / "stats-page.png"), full_page=True)

    app.config["REPORTS_AFTER_COMMIT"] = False  # the test plays the worker
    try:
        page.locator("#annual-year").select_option("2026")
        page.get_by_role("button", name="生成年度报告").click()
        status = page.locator("#annual .job-status")
        assert "正在撰写年度报告" in status.inner_text()
        with app.app_context():
            job_id = db.session.scalar(select(Job.id).order_by(Job.id.desc()))
            render_annual_report(job_id, 2026, "zh_CN")
        link = status.get_by_role("link", name="报告已生成：下载（PDF）")
        link.wait_for(state="visible", timeout=10_000)  # polled, not reloaded
        with page.expect_download() as download:
            link.click()
        pdf = Path(download.value.path()).read_bytes()
    finally:
        app.config["REPORTS_AFTER_COMMIT"] = True
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "2026 年度统计" in text and "录用率" in text
