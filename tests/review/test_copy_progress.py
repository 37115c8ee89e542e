"""The editors watch the reviewers' copy being made: sending to review starts a job for each
copy, the review page shows and polls it, and the copy's own state says what came of it.
Reviewers never see the job (a held copy is only "being prepared" to them)."""

from sqlalchemy import select

from core.extensions import db
from core.jobs import Job, JobState
from review.models import ReviewFile
from review.tasks import REVIEWER_COPY


def _copy_job(app) -> Job:
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.kind == REVIEWER_COPY))
        db.session.expunge(job)
        return job


def test_sending_to_review_starts_a_job_the_copy_reports_to(app, client, login, review_flow,
                                                           scene):
    login(client, scene.editor)
    assert client.post(f"/review/manuscripts/{scene.manuscript}/start").status_code == 302
    job = _copy_job(app)
    with app.app_context():
        copy = db.session.scalar(select(ReviewFile))
    assert (job.state, job.about_type, job.about_id, job.started_by_id) == \
        (JobState.QUEUED, "review_file", copy.id, scene.editor)
    page = client.get(f"/review/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert f'data-status-url="/jobs/{job.id}"' in page and "正在准备审稿用稿件" in page
    review_flow.anonymise()  # the worker (here: the beat's sweep) makes the copy
    status = client.get(f"/jobs/{job.id}").get_json()
    assert status["state"] == "done" and status["percent"] == 100
    assert status["result_url"].endswith(f"/review/manuscripts/{scene.manuscript}")
    page = client.get(f"/review/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert f'data-status-url="/jobs/{job.id}"' not in page  # the copy is ready: no box


def test_a_copy_that_cannot_be_made_fails_its_job(app, client, login, review_flow, scene,
                                                 monkeypatch):
    from review.anonymise import AnonymiseError

    def broken(*_args, **_kwargs):
        raise AnonymiseError("the file is damaged")

    monkeypatch.setattr("review.gate.settle", broken)
    login(client, scene.editor)
    client.post(f"/review/manuscripts/{scene.manuscript}/start")
    review_flow.anonymise()
    job = _copy_job(app)
    assert job.state == JobState.FAILED
    assert client.get(f"/jobs/{job.id}").get_json()["retry"] is False


def test_reviewers_and_authors_do_not_see_the_copys_job(app, client, login, review_flow, scene):
    review_flow.start()
    job = _copy_job(app)
    for person in (scene.reviewers[0], scene.author):
        login(client, person)
        assert client.get(f"/jobs/{job.id}").status_code == 404
