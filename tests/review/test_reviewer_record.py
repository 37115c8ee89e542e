"""A reviewer's own record and yearly review certificate (审稿证明): by the journal's calendar
year, the titles only when review is not double-blind, nobody else's."""

import io
from datetime import datetime, timedelta

from pypdf import PdfReader

from core.clock import utcnow
from core.extensions import db
from journal.models import get_journal
from review.records import reviewer_record, reviews_in_year
from tests.review.conftest import AUTHOR_STRINGS, past_assignment


def _pdf_text(response) -> str:
    """The PDF's text without white space (a table cell wraps a long title anywhere)."""
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    return "".join(text.split())


def _squashed(text: str) -> str:
    return "".join(text.split())


def _review_mode(app, mode: str) -> None:
    with app.app_context():
        get_journal().review_mode = mode
        db.session.commit()


def _manuscript(app, manuscript_id):
    from submission.models import Manuscript

    with app.app_context():
        m = db.session.get(Manuscript, manuscript_id)
        return m.number, m.title_zh, m.title_en


def test_a_year_is_the_journals_calendar_year(app, scene):
    reviewer = scene.reviewers[0]
    with app.app_context():
        # 17:00 UTC on 31 December 2025 is already 1 January 2026 in Beijing
        new_year = datetime(2025, 12, 31, 17, 0)
        past_assignment(reviewer, scene.author, invited=new_year - timedelta(days=10),
                        responded=1, submitted=10, review_days=9)
        past_assignment(reviewer, scene.author, invited=datetime(2025, 3, 1), responded=1,
                        submitted=4, review_days=30)
        past_assignment(reviewer, scene.author, invited=datetime(2025, 6, 1), responded=1,
                        submitted=20, review_days=30)
        past_assignment(reviewer, scene.author, invited=datetime(2025, 9, 1), state="declined",
                        responded=1)
        db.session.commit()
        assert [a.submitted_at for a in reviews_in_year(reviewer, 2026)] == [new_year]
        assert len(reviews_in_year(reviewer, 2025)) == 2
        record = reviewer_record(reviewer)
    (y2026, late), (y2025, summary) = record.years
    assert (y2026, late.reviews, late.median_days, late.on_time_share) == (2026, 1, 10.0, 0.0)
    assert (y2025, summary.reviews, summary.median_days, summary.on_time_share) == \
        (2025, 2, 12.0, 1.0)
    assert (record.total.reviews, record.total.median_days) == (3, 10.0)


def test_the_reviewer_finds_their_record_from_their_reviews(app, client, login, review_flow,
                                                            scene):
    reviewer = scene.reviewers[0]
    review_flow.two_reviews()
    login(client, reviewer)
    mine = client.get("/review/mine").get_data(as_text=True)
    record_url = f"/review/reviewers/{reviewer}/record"
    assert record_url in mine
    html = client.get(record_url).get_data(as_text=True)
    year = utcnow().year
    assert "我的审稿记录" in html and "按期比例" in html and "100%" in html
    assert f"/review/reviewers/{reviewer}/certificates/{year}.pdf" in html
    assert "审稿质量" not in html  # the editors' rating is theirs


def test_double_blind_certificate_names_no_title_and_no_author(app, client, login, review_flow,
                                                               scene):
    reviewer = scene.reviewers[0]
    review_flow.two_reviews()
    number, title_zh, title_en = _manuscript(app, scene.manuscript)
    login(client, reviewer)
    text = _pdf_text(client.get(f"/review/reviewers/{reviewer}/certificates/"
                                f"{utcnow().year}.pdf"))
    assert "审稿证明" in text and number in text and "审稿人陈晓明" in text
    assert _squashed(title_zh) not in text and _squashed(title_en) not in text
    assert [s for s in AUTHOR_STRINGS if _squashed(s) in text] == []


def test_single_blind_certificate_lists_the_titles_in_the_readers_language(app, client, login,
                                                                          review_flow, scene):
    _review_mode(app, "single_blind")
    review_flow.two_reviews()
    number, title_zh, title_en = _manuscript(app, scene.manuscript)
    url = f"/review/reviewers/{{}}/certificates/{utcnow().year}.pdf"
    login(client, scene.reviewers[0])
    text = _pdf_text(client.get(url.format(scene.reviewers[0])))
    assert number in text and _squashed(title_zh) in text
    login(client, scene.reviewers[1])  # reads English
    text = _pdf_text(client.get(url.format(scene.reviewers[1])))
    assert "ReviewCertificate" in text and number in text and _squashed(title_en) in text


def test_the_record_in_english(app, client, login, review_flow, scene):
    review_flow.two_reviews()
    login(client, scene.reviewers[1])
    html = client.get(f"/review/reviewers/{scene.reviewers[1]}/record").get_data(as_text=True)
    for text in ("My record as a reviewer", "Reviews submitted", "Median days to review",
                 "On-time share", "Review certificate"):
        assert text in html


def test_nobody_else_sees_a_reviewers_record_or_certificate(app, client, login, make_user,
                                                            review_flow, scene):
    review_flow.two_reviews()
    reviewer = scene.reviewers[0]
    year = utcnow().year
    urls = (f"/review/reviewers/{reviewer}/record",
            f"/review/reviewers/{reviewer}/certificates/{year}.pdf")
    for person in (scene.reviewers[1], scene.author, scene.editor):
        login(client, person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)
    with client.session_transaction() as sess:
        sess.clear()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.location


def test_a_year_without_reviews_has_no_certificate(app, client, login, review_flow, scene):
    review_flow.two_reviews()
    login(client, scene.reviewers[0])
    response = client.get(f"/review/reviewers/{scene.reviewers[0]}/certificates/"
                          f"{utcnow().year - 1}.pdf")
    assert response.status_code == 404
    assert f"您在 {utcnow().year - 1} 年没有提交审稿意见" in response.get_data(as_text=True)
