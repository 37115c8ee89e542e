"""Closing the loop: with the journal's setting on, each reviewer of a decided round hears the
decision with the other reviewers' comments for the authors, as "Reviewer N", never by name."""

import pytest

from core.extensions import db
from journal.models import get_journal
from tests.review.test_emails import _check, _normalise


def _tell_reviewers(app, on: bool) -> None:
    with app.app_context():
        get_journal().tell_reviewers_outcome = on
        db.session.commit()


def _two_reviews_with_comments(review_flow, scene) -> None:
    review_flow.start()
    texts = ("样本量偏小，建议补充。审稿人陈晓明",
             "张伟的方法可行。Liu Yang (审稿人刘洋) recommends minor changes.")
    for index, text in enumerate(texts):
        reviewer = scene.reviewers[index]
        assignment_id = review_flow.invite(reviewer)
        review_flow.accept(reviewer, f"rev{index + 1}@example.org")
        assert review_flow.review(reviewer, assignment_id, text=text).status_code == 302


def _outcome_mails(outbox) -> dict:
    return {m["To"]: m for m in outbox.deliver() if "review-outcome" in m["X-Kanwu-Dedupe-Key"]}


def test_off_by_default_nobody_is_told(app, outbox, review_flow, scene):
    with app.app_context():
        assert get_journal().tell_reviewers_outcome is False
    _two_reviews_with_comments(review_flow, scene)
    review_flow.decide("minor_revision")
    assert _outcome_mails(outbox) == {}


@pytest.mark.parametrize("verdict", ["minor_revision", "reject"])
def test_each_reviewer_reads_the_others_comments_anonymised(app, outbox, review_flow, scene,
                                                            verdict):
    _tell_reviewers(app, True)
    _two_reviews_with_comments(review_flow, scene)
    sent = review_flow.decide(verdict)
    assert sent.status_code == 302, sent.get_data(as_text=True)
    mails = _outcome_mails(outbox)
    assert set(mails) == {"rev1@example.org", "rev2@example.org"}
    first = mails["rev1@example.org"].get_body(("plain",)).get_content()
    second = mails["rev2@example.org"].get_body(("plain",)).get_content()
    assert "审稿人2:" in first or "审稿人2：" in first
    assert "方法可行" in first and "样本量偏小" not in first  # the other's, not one's own
    others, others_en = first.split("\n", 1)[1], second.split("\n", 1)[1]  # after the greeting
    for name in ("审稿人刘洋", "Liu Yang", "陈晓明", "张伟", "rev2@example.org"):
        assert name not in others, name
    assert "Reviewer 1:" in others_en and "样本量偏小" in others_en and "陈晓明" not in others_en
    if verdict == "minor_revision":
        _check("outcome_zh.txt", _normalise(f"Subject: {mails['rev1@example.org']['Subject']}"
                                            f"\n\n{first}"))
