"""After "publish" the issue's page says when its public pages are live: the build reports to
a job (core.jobs) that the page shows and polls; only the people who may see the work see it."""

from pathlib import Path

import pytest
from flask import g
from sqlalchemy import select

from core.extensions import db
from core.jobs import Job, JobState, tracking
from publishing.tasks import SITE_BUILD, render_site


def _job() -> Job:
    db.session.expire_all()
    return db.session.scalar(select(Job).where(Job.kind == SITE_BUILD).order_by(Job.id.desc()))


def test_publishing_starts_a_job_the_build_reports_to(app, client, login, editor, publish):
    issue = publish(n=2)
    job = _job()
    assert (job.state, job.about_type, job.about_id, job.started_by_id) == \
        (JobState.QUEUED, "issue", issue.id, editor.id)
    g.pop("_login_user", None)
    login(client, editor.id)
    page = client.get(f"/editor/issues/{issue.id}").get_data(as_text=True)
    assert 'class="job-status' in page and f'data-status-url="/jobs/{job.id}"' in page
    status = client.get(f"/jobs/{job.id}").get_json()
    assert status["state"] == "queued" and status["result_url"] == "" and not status["finished"]
    render_site(job.id)  # what the worker runs after the commit
    db.session.expire_all()  # (the test client's requests share this test's session)
    status = client.get(f"/jobs/{job.id}").get_json()
    assert status["state"] == "done" and status["finished"] and status["percent"] == 100
    assert status["done"] == status["total"] > 0
    assert status["result_url"] == f"/issues/{issue.year}/{issue.number}/"
    assert (Path(app.config["SITE_DIR"]) / "issues/2026/1/index.html").is_file()
    page = client.get(f"/editor/issues/{issue.id}").get_data(as_text=True)
    assert "页面已上线，点击查看" in page and 'href="/issues/2026/1/"' in page


def test_progress_is_seen_by_another_session_while_the_work_runs(app, editor, publish):
    publish(n=1)
    job_id = _job().id
    seen = []
    with tracking(job_id) as progress:
        progress(3, 10)
        with app.app_context():  # another request's session, while this one holds its own
            other = db.session.get(Job, job_id)
            seen.append((other.state, other.done, other.total))
    assert seen == [(JobState.RUNNING, 3, 10)]
    assert _job().state == JobState.DONE


def test_a_failed_build_says_so_and_may_be_tried_again(app, client, login, editor, publish,
                                                     monkeypatch):
    issue = publish(n=1)
    job = _job()

    def broken(**_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("publishing.build.build_site", broken)
    with pytest.raises(OSError):
        render_site(job.id)
    db.session.expire_all()
    g.pop("_login_user", None)
    login(client, editor.id)
    status = client.get(f"/jobs/{job.id}").get_json()
    assert status["state"] == "failed" and "出错" in status["message"] and status["retry"]
    assert "disk full" not in status["message"]  # the reason is in the log, not on the page
    page = client.get(f"/editor/issues/{issue.id}").get_data(as_text=True)
    assert f'action="/jobs/{job.id}/retry"' in page
    again = client.post(f"/jobs/{job.id}/retry", data={"next": f"/editor/issues/{issue.id}"})
    assert again.status_code == 303 and again.location == f"/editor/issues/{issue.id}"
    retried = _job()
    assert retried.id != job.id and retried.state == JobState.QUEUED
    assert retried.about_id == issue.id and retried.result_url == job.result_url


def test_only_the_people_who_may_see_the_work_see_its_status(app, client, login, editor,
                                                              publish, make_user):
    publish(n=1)
    job_id = _job().id
    assert client.get(f"/jobs/{job_id}").status_code == 302  # to the login page
    g.pop("_login_user", None)
    login(client, make_user(roles=("author",)))
    assert client.get(f"/jobs/{job_id}").status_code == 404
    assert client.post(f"/jobs/{job_id}/retry").status_code == 404
    assert client.get("/jobs/999999").status_code == 404
    g.pop("_login_user", None)
    login(client, make_user(roles=("editor",), email="other.editor@example.org"))
    assert client.get(f"/jobs/{job_id}").get_json()["id"] == job_id  # may publish, so may see
