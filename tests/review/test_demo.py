from sqlalchemy import select

from accounts.models import User
from core.demo import load_demo
from core.extensions import db
from review.models import ReviewAssignment
from submission.models import Manuscript


def test_demo_has_a_manuscript_in_review_with_two_reviews(app, client, login):
    with app.app_context():
        load_demo()
        manuscript = db.session.scalar(select(Manuscript).where(
            Manuscript.number == "HBKJTY-2025-0101"))
        assert manuscript.state == "under_review"
        states = db.session.scalars(select(ReviewAssignment.state)).all()
        assert states == ["submitted", "submitted"]
        editor = db.session.scalar(select(User.id).where(User.email == "editor@demo.kanwu"))
    login(client, editor)
    html = client.get(f"/review/manuscripts/{manuscript.id}/decision").get_data(as_text=True)
    assert "审稿人意见分歧" in html and "小修" in html and "大修" in html
