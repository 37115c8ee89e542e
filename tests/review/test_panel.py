from core.extensions import db
from review.panel import review_panel


def test_the_console_panel_summarises_the_round(app, review_flow, scene):
    from accounts.models import User
    from submission.models import Manuscript

    review_flow.two_reviews()
    with app.test_request_context():
        manuscript = db.session.get(Manuscript, scene.manuscript)
        template, context = review_panel(manuscript, db.session.get(User, scene.editor))
        assert template == "review/panel.html" and context["counts"]["submitted"] == 2
        html = app.jinja_env.get_template(template).render(**context)
        assert "/decision" in html
        assert review_panel(manuscript, db.session.get(User, scene.author)) is None
