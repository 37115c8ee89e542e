"""The one answer to "who is written to about this manuscript, in which language"."""

from datetime import datetime

from accounts.models import Role, User
from core.extensions import db
from submission.recipients import Audience, recipients
from tests.factories import make_manuscript


def _manuscript(make_user):
    submitter = make_user(email="zhangwei@example.org", name="张伟", locale="zh_CN")
    manuscript = make_manuscript(submitter, state="submitted", authors=[
        {"name": "张伟", "name_pinyin": "Zhang Wei", "email": "ZhangWei@example.org",
         "user_id": submitter, "locale": "en"},
        {"name": "李娜", "name_pinyin": "Li Na", "email": "lina@example.org", "locale": "en"},
        {"name": "王强", "email": "wangqiang@example.org", "corresponding": True},
        {"name": "赵敏", "email": "zhaomin@example.org", "declined_at": datetime(2026, 1, 5)},
        {"name": "陈晨"}])
    return manuscript


def _emails(people):
    return [person.email for person in people]


def test_the_authors_each_once_in_the_language_of_their_letters(app_ctx, make_user):
    manuscript = _manuscript(make_user)
    people = recipients(manuscript, Audience.AUTHORS)
    assert _emails(people) == ["zhangwei@example.org", "lina@example.org",
                               "wangqiang@example.org"]
    # the submitter chose English letters on this manuscript, though the account says Chinese
    assert [(p.name, p.locale) for p in people] == [
        ("Zhang Wei", "en"), ("Li Na", "en"), ("王强", "zh_CN")]
    assert _emails(recipients(manuscript, Audience.SUBMITTER)) == ["zhangwei@example.org"]
    assert _emails(recipients(manuscript, Audience.RESPONSIBLE)) == [
        "zhangwei@example.org", "wangqiang@example.org"]
    assert _emails(recipients(manuscript, Audience.LISTED)) == [
        "ZhangWei@example.org", "lina@example.org", "wangqiang@example.org"]


def test_editors_who_wrote_the_manuscript_are_not_its_editors(app_ctx, make_user):
    make_user(email="editor@example.org", roles=(Role.EDITOR,))
    make_user(email="chief@example.org", roles=(Role.CHIEF_EDITOR,), locale="en")
    gone = make_user(email="gone@example.org", roles=(Role.EDITOR,))
    writer = make_user(email="writer@example.org", roles=(Role.EDITOR,))
    manuscript = _manuscript(make_user)
    db.session.get(User, gone).active = False
    manuscript.submitter_id = writer
    db.session.flush()
    db.session.expire(manuscript)
    people = recipients(manuscript, Audience.SUBMITTER, Audience.EDITORS)
    assert _emails(people) == ["writer@example.org", "editor@example.org", "chief@example.org"]
    assert people[-1].locale == "en"
    assert _emails(recipients(manuscript, Audience.CHIEF_EDITORS)) == ["chief@example.org"]
