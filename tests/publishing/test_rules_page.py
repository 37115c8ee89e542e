"""The 征稿要求 page lists the rules the checker applies, blocking and warning, from the
checker's own table and the journal's settings: in the app and on the public site, in both
languages; the wizard's checklist shows the same sentences."""

import shutil
from pathlib import Path

from core.extensions import db
from journal.models import get_journal
from publishing.build import build_site
from submission.compliance import HARD, SOFT, rules_for

WARNING_ZH = "不阻止提交"


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_the_guidelines_page_lists_blocking_and_warning_rules(app, client, journal_pages):
    with app.app_context():
        get_journal().title_max_chars = 24
        db.session.commit()
    html = client.get("/pages/guidelines").get_data(as_text=True)
    blocking = _between(html, "否则无法提交", "</ul>")
    warning = _between(html, WARNING_ZH, "</ul>")
    assert "参考文献" in blocking and "关键词" in blocking
    assert "题名不超过 24 字。" in warning  # the setting, among the warnings
    assert "题名" not in blocking
    english = client.get("/pages/guidelines?lang=en").get_data(as_text=True)
    assert "cannot be submitted" in english and "Title of at most 24 characters." in english
    assert "否则无法提交" not in client.get("/pages/aims?lang=zh").get_data(as_text=True)


def test_the_rules_are_the_checkers_own_table(app, client, journal_pages):
    with app.test_request_context("/?lang=en"):
        rules = rules_for(get_journal(), None)
        assert rules[HARD] and rules[SOFT]
    english = client.get("/pages/guidelines?lang=en").get_data(as_text=True)
    for rule in rules[HARD] + rules[SOFT]:
        assert rule.replace("“", "&#8220;").replace("”", "&#8221;") in english or rule in english


def test_the_public_site_page_lists_them_too(app, app_ctx, journal_pages):
    site = Path(app.config["SITE_DIR"])
    shutil.rmtree(site, ignore_errors=True)
    try:
        build_site()
        page = (site / "pages" / "guidelines.html").read_text()
        assert "否则无法提交" in page and "参考文献" in page
    finally:
        shutil.rmtree(site, ignore_errors=True)
