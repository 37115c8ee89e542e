"""The letters say what the journal does: the chief editor's final decision (主编终审) is named
only when that step is switched on in the settings."""

import pytest
from flask import render_template
from flask_babel import force_locale

from accounts.models import User
from core.extensions import db
from journal.models import get_journal
from review.decisions import draft_letter
from review.models import ReviewRound, Verdict
from submission.models import Manuscript


@pytest.fixture
def decided(app, scene):
    """The scene's manuscript under review, in a request (letters are drafted in one)."""
    with app.test_request_context("/"):
        manuscript = db.session.get(Manuscript, scene.manuscript)
        manuscript.state = "under_review"
        db.session.add(ReviewRound(manuscript_id=manuscript.id, number=1))
        db.session.flush()
        yield manuscript, db.session.get(User, scene.editor)


@pytest.mark.parametrize("verdict", [Verdict.ACCEPT, Verdict.REJECT])
def test_decision_letters_name_the_chief_editor_only_with_the_step(decided, verdict):
    manuscript, editor = decided
    get_journal().chief_editor_step = False
    _subject, zh = draft_letter(manuscript, verdict, editor, locale="zh_CN")
    _subject, en = draft_letter(manuscript, verdict, editor, locale="en")
    assert "主编" not in zh and "editor-in-chief" not in en
    assert "编辑部" in zh
    get_journal().chief_editor_step = True
    _subject, zh = draft_letter(manuscript, verdict, editor, locale="zh_CN")
    _subject, en = draft_letter(manuscript, verdict, editor, locale="en")
    assert "主编终审" in zh and "editor-in-chief" in en


@pytest.mark.parametrize("verdict", [Verdict.MINOR_REVISION, Verdict.MAJOR_REVISION])
def test_revision_letters_never_promise_a_final_decision(decided, verdict):
    manuscript, editor = decided
    for step in (False, True):
        get_journal().chief_editor_step = step
        _subject, zh = draft_letter(manuscript, verdict, editor, locale="zh_CN")
        assert "终审" not in zh


def test_acceptance_notice_names_the_chief_editor_only_with_the_step(decided):
    manuscript, _editor = decided
    for step, expected in ((False, False), (True, True)):
        get_journal().chief_editor_step = step
        with force_locale("zh_CN"):
            html = render_template("review/acceptance_notice.html", manuscript=manuscript,
                                   issue=None)
        assert ("主编终审" in html) is expected
        assert "同行评议" in html
