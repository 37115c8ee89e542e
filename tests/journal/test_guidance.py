"""The receipt guideline page (收稿方式) promises only what the settings do: its review
paragraph is written from the review mode, the required reviews and the chief-editor step, on
the app's page and on the public site."""

import pytest
from sqlalchemy import select

from core.extensions import db
from journal.models import GuidelinePage, get_journal


def _settings(app, **values):
    with app.app_context():
        journal = get_journal()
        for name, value in values.items():
            setattr(journal, name, value)
        db.session.commit()


def test_the_demo_receipt_page_has_the_paragraph_not_a_fixed_promise(journal_pages):
    from journal.demo import PAGES

    zh, en = PAGES["receipt"]
    assert "[[review-process]]" in zh and "[[review-process]]" in en
    assert "主编终审" not in zh and "双盲" not in zh
    assert "editor-in-chief" not in en and "double-blind" not in en


@pytest.mark.parametrize(("settings", "present", "absent"), [
    ({"chief_editor_step": False, "review_mode": "double_blind", "required_reviews": 2},
     ["双盲评审", "至少需 2 份"], ["主编终审", "[[review-process]]"]),
    ({"chief_editor_step": True, "review_mode": "single_blind", "required_reviews": 3},
     ["单盲评审", "至少需 3 份", "主编终审"], ["双盲", "[[review-process]]"]),
    ({"chief_editor_step": False, "review_mode": "open", "required_reviews": 1},
     ["公开评审", "至少需 1 份"], ["主编终审", "双盲"]),
])
def test_the_receipt_page_follows_the_review_settings(app, client, journal_pages, settings,
                                                      present, absent):
    _settings(app, **settings)
    html = client.get("/pages/receipt").get_data(as_text=True)
    for text in present:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_the_english_page_follows_too(app, client, journal_pages):
    _settings(app, chief_editor_step=True, review_mode="double_blind")
    html = client.get("/pages/receipt?lang=en").get_data(as_text=True)
    assert "double-blind" in html and "editor-in-chief" in html
    _settings(app, chief_editor_step=False)
    html = client.get("/pages/receipt?lang=en").get_data(as_text=True)
    assert "editor-in-chief" not in html


def test_the_public_site_page_follows_the_settings(app, journal_pages):
    from publishing.sitedata import load_site_data

    for step, expected in ((True, True), (False, False)):
        _settings(app, chief_editor_step=step)
        with app.test_request_context("/"):
            page = next(p for p in load_site_data().pages if p["slug"] == "receipt")
        assert ("主编终审" in page["body_zh"]) is expected
        assert ("editor-in-chief" in page["body_en"]) is expected
        assert "[[review-process]]" not in page["body_zh"] + page["body_en"]


def test_a_page_without_the_marker_is_left_as_written(app, client, journal_pages):
    with app.app_context():
        page = db.session.scalar(select(GuidelinePage).where(GuidelinePage.slug == "receipt"))
        page.body_zh = "编辑部自行撰写的说明。"
        db.session.commit()
    html = client.get("/pages/receipt").get_data(as_text=True)
    assert "编辑部自行撰写的说明。" in html and "双盲评审" not in html
