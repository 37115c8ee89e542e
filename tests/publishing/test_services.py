"""Issues, scheduling, final metadata, production files and the publish step's refusals."""

from datetime import date

import pytest
from sqlalchemy import select

from core.extensions import db
from journal.models import get_journal
from publishing import services
from publishing.demo import docx_bytes
from publishing.models import Article, IssueState
from submission.models import FileKind, ManuscriptFile, WorkflowEvent
from submission.workflow import Action, advance
from tests.factories import make_manuscript
from tests.publishing.conftest import BODY, accepted, ready_article


def test_default_publication_dates_follow_the_frequency():
    assert services.default_publication_date(2026, 1, 6) == date(2026, 1, 1)
    assert services.default_publication_date(2026, 6, 6) == date(2026, 11, 1)
    assert services.default_publication_date(2026, 4, 4) == date(2026, 10, 1)
    assert services.default_publication_date(2026, 12, 12) == date(2026, 12, 1)


def test_create_issue_checks_number_and_duplicates(editor):
    issue = services.create_issue(editor, year=2026, number=2, volume=39)
    assert issue.publication_date == date(2026, 3, 1) and issue.state == IssueState.PLANNED
    with pytest.raises(services.PublishingError, match="already exists"):
        services.create_issue(editor, year=2026, number=2, volume=39)
    with pytest.raises(services.PublishingInputError, match="between 1 and 6"):
        services.create_issue(editor, year=2026, number=7, volume=39)
    get_journal().issues_per_year = 12
    services.create_issue(editor, year=2026, number=7, volume=39)
    assert services.suggest_next_issue() == {"year": 2026, "number": 8, "volume": 39}


def test_metadata_is_frozen_at_acceptance(editor, author_id):
    manuscript = make_manuscript(author_id, state="under_review", title_zh="录用时的题名")
    advance(manuscript, Action.ACCEPT, editor)
    manuscript.title_zh = "录用后作者又改了"
    article = db.session.scalar(select(Article).where(Article.manuscript_id == manuscript.id))
    assert article.title_zh == "录用时的题名"
    assert article.authors[0]["name"] == "张伟"


def test_schedule_unschedule_and_arrange(editor, author_id):
    issue = services.create_issue(editor, year=2026, number=1, volume=39)
    manuscript = accepted(author_id)
    article = services.schedule(manuscript, issue, editor)
    assert manuscript.state == "scheduled" and article.issue is issue
    assert issue.state == IssueState.IN_PRODUCTION
    with pytest.raises(services.PublishingInputError, match="last page"):
        services.arrange(article, editor, position=1, page_start=9, page_end=3)
    services.arrange(article, editor, position=2, page_start=3, page_end=9)
    services.unschedule(article, editor)
    assert manuscript.state == "accepted" and article.issue is None
    events = [e.action for e in db.session.scalars(select(WorkflowEvent))]
    assert events == ["schedule", "unschedule"]


def test_an_author_may_not_schedule(app_ctx, make_user, author_id):
    from werkzeug.exceptions import Forbidden

    from accounts.models import User

    author = db.session.get(User, author_id)
    editor_id = make_user(roles=("editor",))
    issue = services.create_issue(db.session.get(User, editor_id), year=2026, number=1, volume=1)
    with pytest.raises(Forbidden):
        services.schedule(accepted(author_id), issue, author)


def test_publishing_refuses_with_the_list_of_what_is_missing(app, editor, author_id):
    issue = services.create_issue(editor, year=2026, number=1, volume=39)
    ready_article(accepted(author_id, title_zh="完整的文章"), issue, editor)
    incomplete = services.schedule(accepted(author_id, title_zh="缺项的文章", abstract_en="",
                                            keywords_en=[]), issue, editor)
    db.session.commit()
    with pytest.raises(services.PublishingError) as refused:
        services.publish_issue(issue, editor)
    assert refused.value.problems == [("缺项的文章", [
        "English abstract", "English keywords", "Final manuscript (docx)", "Page range"])]
    db.session.rollback()
    assert issue.state == IssueState.IN_PRODUCTION
    assert {a.manuscript.state for a in issue.articles} == {"scheduled"}
    assert incomplete.path is None
    from pathlib import Path

    assert not Path(app.config["SITE_DIR"], "qikandaodu").exists()


def test_publishing_twice_changes_nothing(editor, publish, outbox):
    issue = publish(n=2)
    assert issue.state == IssueState.PUBLISHED
    assert all(a.path == f"qikandaodu/2026/0101/{a.id}.html" for a in issue.articles)
    events = db.session.scalar(select(db.func.count(WorkflowEvent.id)))
    assert services.publish_issue(issue, editor) is False
    assert db.session.scalar(select(db.func.count(WorkflowEvent.id))) == events
    mails = outbox.deliver()
    assert len(mails) == 2  # one to the author with an address, per article
    assert "已发表" in mails[0]["Subject"]


def test_a_manuscript_cannot_be_scheduled_into_a_published_issue(editor, author_id, publish):
    issue = publish(n=1)
    manuscript = accepted(author_id)
    with pytest.raises(services.PublishingError, match="already published"):
        services.schedule(manuscript, issue, editor)
    assert manuscript.state == "accepted"


def test_final_file_and_galley_are_checked_by_content(editor, author_id):
    issue = services.create_issue(editor, year=2026, number=1, volume=39)
    article = services.schedule(accepted(author_id), issue, editor)
    with pytest.raises(services.PublishingInputError, match="Word"):
        services.attach_final(article, editor, b"%PDF-1.4 not a docx", "final.docx")
    with pytest.raises(services.PublishingInputError, match="Word"):
        services.attach_final(article, editor, b"PK\x03\x04broken zip", "final.docx")
    with pytest.raises(services.PublishingInputError, match="PDF"):
        services.attach_galley(article, editor, b"PK\x03\x04 a zip", "galley.pdf")
    with pytest.raises(services.PublishingInputError, match="PDF"):
        services.attach_galley(article, editor, b"%PDF-1.4 truncated", "galley.pdf")
    assert article.final_sha256 is None and article.galley_sha256 is None
    services.attach_final(article, editor, docx_bytes(BODY), "终稿.docx")
    stored = db.session.scalar(select(ManuscriptFile).where(ManuscriptFile.kind == FileKind.FINAL))
    assert stored.sha256 == article.final_sha256 and "<h2>1 引言</h2>" in article.body_html


def test_a_published_article_changes_only_with_a_correction_note(editor, publish):
    article = publish(n=1).articles[0]
    with pytest.raises(services.PublishingInputError, match="correction"):
        services.update_metadata(article, editor, {"title_zh": "新题名"})
    services.update_metadata(article, editor, {"title_zh": "新题名"}, note_zh="更正题名")
    assert article.title_zh == "新题名" and article.corrections[0].note_zh == "更正题名"
    with pytest.raises(services.PublishingInputError, match="correction"):
        services.attach_final(article, editor, docx_bytes(BODY), "final.docx")
    services.add_correction(article, editor, "补充基金信息")
    assert len(article.corrections) == 2


def test_acceptance_notice_names_the_issue_once_scheduled(editor, author_id):
    from review.letters import planned_issue

    manuscript = accepted(author_id)
    assert planned_issue(manuscript) is None
    issue = services.create_issue(editor, year=2026, number=3, volume=39,
                                  publication_date=date(2026, 5, 1))
    services.schedule(manuscript, issue, editor)
    assert planned_issue(manuscript) == "2026年第3期"


def test_publishing_before_acceptance_needs_a_reason(editor, author_id):
    issue = services.create_issue(editor, year=2025, number=5, volume=38,
                                  publication_date=date(2025, 10, 1))
    article = ready_article(accepted(author_id), issue, editor)  # accepted 2025-11-02
    with pytest.raises(services.PublishingError) as refused:
        services.publish_issue(issue, editor)
    [(title, found)] = refused.value.problems
    assert "2025-10-01" in found[0] and "2025-11-02" in found[0]
    assert article.path is None and not issue.is_published
    assert services.publish_issue(issue, editor, date_override="  旧刊导入：2025 年第 5 期  ")
    event = db.session.scalars(select(WorkflowEvent).where(
        WorkflowEvent.action == Action.PUBLISH.value)).one()
    assert "旧刊导入：2025 年第 5 期" in event.note
