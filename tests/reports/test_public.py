"""The journal's figures on its public 刊物宗旨 page: in the app and in the publish build's
data, in both languages, with the day they were computed; nothing where nothing is known."""

from datetime import UTC, date, datetime

import time_machine

from core.extensions import db
from publishing.models import Article
from publishing.sitedata import load_site_data
from reports.public import journal_figures
from tests.reports.test_figures import history  # noqa: F401 - the fixture

# 15 December 2026 in Beijing: the last twelve months hold A's acceptance (31 January), B's
# desk rejection and D's rejection after review
MID_DECEMBER = datetime(2026, 12, 15, 4, tzinfo=UTC)


def test_the_figures_authors_ask_for(app, history, journal_pages):  # noqa: F811
    with app.app_context():
        db.session.add(Article(title_zh="去年的文章", published_on=date(2025, 6, 1)))
        db.session.commit()
    with time_machine.travel(MID_DECEMBER, tick=False), app.app_context():
        zh, en = journal_figures("zh"), journal_figures("en")
    assert "统计日期：2026-12-15" in zh and "录用率：33%" in zh
    assert "投稿至首次决定：中位数 10 天" in zh and "录用至出版：中位数 30 天" in zh
    assert "2025 年发文量：1 篇" in zh
    assert "Computed on 2026-12-15" in en and "Acceptance rate: 33%" in en
    assert "Acceptance to publication: median 30 days" in en


def test_the_aims_page_shows_them_in_the_app_and_the_build(app, client, history,  # noqa: F811
                                                            journal_pages):
    with time_machine.travel(MID_DECEMBER, tick=False):
        page = client.get("/pages/aims").get_data(as_text=True)
        assert "本刊统计" in page and "录用率：33%" in page
        assert "本刊统计" not in client.get("/pages/guidelines").get_data(as_text=True)
        with app.app_context():
            pages = {p["slug"]: p for p in load_site_data().pages}
    assert "录用率：33%" in pages["aims"]["body_zh"]
    assert "Acceptance rate: 33%" in pages["aims"]["body_en"]


def test_a_new_journal_shows_no_figures(app, journal_pages):
    with app.app_context():
        assert journal_figures("zh") == "" and journal_figures("en") == ""
