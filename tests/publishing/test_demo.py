"""The demo publishes one issue whose site builds."""

from core.demo import load_demo
from core.extensions import db
from publishing.build import build_site
from publishing.models import Issue


def test_demo_publishes_an_issue_with_full_texts(app, app_ctx):
    load_demo()
    issue = db.session.query(Issue).one()
    assert issue.is_published and len(issue.articles) == 4
    assert all(a.body_html.startswith("<h2>") for a in issue.articles)
    report = build_site()
    assert "qikandaodu/2026/0101/1.html" in report.written
