"""The yearly report: the worker's task writes the PDF its job links to, in the language it
was asked in, with the year's figures and charts; a failure fails the job and leaves no file."""

import io

import pytest
from pypdf import PdfReader

from accounts.models import User
from core.extensions import db
from core.jobs import Job
from reports import annual
from tests.reports.test_figures import history  # noqa: F401 - the fixture


def _ask(app, editor_id: int, year: int, locale: str) -> int:
    with app.test_request_context():
        job = annual.request_annual_report(year, db.session.get_one(User, editor_id), locale)
        db.session.commit()
        return job.id


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("locale, expected", [
    ("zh_CN", ["2026 年度统计", "投稿至首次决定", "录用率", "33.3%", "逐月统计", "基金论文比"]),
    ("en", ["Yearly statistics 2026", "Submission to first decision", "Acceptance rate",
            "33.3%", "Month by month", "Funded-paper ratio"]),
])
def test_the_worker_writes_the_years_report(app, make_user, history, locale,  # noqa: F811
                                            expected):
    editor = make_user(roles=("editor",))
    app.config["REPORTS_AFTER_COMMIT"] = False
    try:
        job_id = _ask(app, editor, 2026, locale)
    finally:
        app.config["REPORTS_AFTER_COMMIT"] = True
    with app.app_context():
        annual.render_annual_report(job_id, 2026, locale)
        job = db.session.get(Job, job_id)
        assert job.state == "done" and job.result_url == f"/editor/stats/annual/{job_id}.pdf"
        pdf = annual.report_path(job_id).read_bytes()
    text = _text(pdf)
    for phrase in expected:
        assert phrase in text, phrase
    assert "2026-01-01" in text and "2026-12-31" in text


def test_the_download_is_the_jobs_file_for_editors_only(app, client, login, make_user,
                                                       history):  # noqa: F811
    editor = make_user(roles=("editor",), email="annual.editor@example.org")
    app.config["REPORTS_AFTER_COMMIT"] = False
    try:
        job_id = _ask(app, editor, 2026, "zh_CN")
    finally:
        app.config["REPORTS_AFTER_COMMIT"] = True
    with app.app_context():
        annual.render_annual_report(job_id, 2026, "zh_CN")
    login(client, make_user(roles=("author",), email="curious.author@example.org"))
    assert client.get(f"/editor/stats/annual/{job_id}.pdf").status_code == 403
    login(client, editor)
    response = client.get(f"/editor/stats/annual/{job_id}.pdf")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert "kanwu-annual-report-2026.pdf" in response.headers["Content-Disposition"]
    assert client.get(f"/editor/stats/annual/{job_id + 99}.pdf").status_code == 404


def test_a_report_that_cannot_be_written_fails_its_job(app, make_user, history,  # noqa: F811
                                                       monkeypatch):
    editor = make_user(roles=("editor",))
    app.config["REPORTS_AFTER_COMMIT"] = False
    try:
        job_id = _ask(app, editor, 2026, "zh_CN")
    finally:
        app.config["REPORTS_AFTER_COMMIT"] = True

    def broken(*_args, **_kwargs):
        raise OSError("no room left")

    monkeypatch.setattr(annual, "render_pdf", broken)
    with app.app_context():
        with pytest.raises(OSError):
            annual.render_annual_report(job_id, 2026, "zh_CN")
        assert db.session.get(Job, job_id).state == "failed"
        assert not annual.report_path(job_id).exists()
