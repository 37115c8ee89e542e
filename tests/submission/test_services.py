"""Submission services against the database: numbers, duplicates, uploads, moves."""

import threading

import pytest
from sqlalchemy import func, select

from accounts.models import User
from core.extensions import db
from journal.models import get_journal
from submission import services, storage
from submission.files import FileRejected
from submission.models import DuplicateFlag, Manuscript, ManuscriptFile
from submission.numbering import allocate_number
from submission.samples import sample_docx
from submission.workflow import Action, TransitionError, advance
from tests.submission.helpers import ready_draft, submitted

pytestmark = pytest.mark.usefixtures("req_ctx")


@pytest.fixture
def author(quick_user):
    return quick_user(name="张伟", email="zhangwei@example.org")


@pytest.fixture
def editor(quick_user):
    return quick_user(roles=("editor",), name="编辑 赵敏")


def user(user_id):
    return db.session.get(User, user_id)


def test_numbers_count_up_per_year_and_restart_each_year():
    assert [allocate_number("HBKJTY", 2026) for _ in range(3)] == \
        ["HBKJTY-2026-0001", "HBKJTY-2026-0002", "HBKJTY-2026-0003"]
    assert allocate_number("HBKJTY", 2027) == "HBKJTY-2027-0001"


def test_a_rolled_back_submit_gives_its_number_back():
    allocate_number("HBKJTY", 2026)
    savepoint = db.session.begin_nested()
    allocate_number("HBKJTY", 2026)
    savepoint.rollback()
    assert allocate_number("HBKJTY", 2026) == "HBKJTY-2026-0002"


def test_submit_numbers_the_manuscript_and_keeps_it_on_resubmission(author, editor):
    manuscript = submitted(author)
    number = manuscript.number
    assert number == f"{get_journal().number_prefix}-{manuscript.number_year}-0001"
    services.move_manuscript(manuscript, Action.RETURN_TO_AUTHOR, user(editor), note="格式")
    services.save_metadata(manuscript, user(author), title_zh="改过的题名")
    services.submit_manuscript(manuscript, user(author))
    assert manuscript.number == number
    assert db.session.scalar(select(func.max(Manuscript.number))) == number


def test_duplicates_flagged_with_score_never_blocking(author, editor, quick_user):
    other = quick_user()
    first = submitted(author)
    advance(first, Action.DESK_REJECT, user(editor), note="不适合")
    unrelated = submitted(author, title_zh="古籍修复", abstract_zh="古籍修复技术" * 30,
                          abstract_en="Conservation of rare books.", title_en="Rare books")
    again = submitted(other, co_authors=[])  # same text, another person
    assert again.state == "submitted"
    flags = db.session.scalars(select(DuplicateFlag).where(
        DuplicateFlag.manuscript_id == again.id)).all()
    assert [(f.similar_id, f.score >= 0.9) for f in flags] == [(first.id, True)]
    assert unrelated.duplicate_flags == []


def test_an_upload_failing_midway_leaves_no_row_and_no_file(author, monkeypatch):
    manuscript = ready_draft(author)
    db.session.commit()
    data = sample_docx(title="另一篇文章")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "build_report", broken)
    with pytest.raises(RuntimeError):
        services.upload_file(manuscript, user(author), filename="x.docx", data=data)
    db.session.rollback()
    assert db.session.scalar(select(func.count(ManuscriptFile.id))) == 1
    assert not storage.path_for_digest_exists(data)


def test_file_over_the_journal_limit_is_refused(author):
    manuscript = ready_draft(author)
    get_journal().max_file_mb = 1
    with pytest.raises(FileRejected, match="1 MB"):
        services.upload_file(manuscript, user(author), filename="big.docx",
                             data=sample_docx(body="字" * 10) + b"\0" * 2 * 2**20)


def test_no_change_after_withdrawal(author):
    manuscript = submitted(author)
    services.withdraw_manuscript(manuscript, user(author), "另投他刊")
    with pytest.raises(TransitionError, match="已撤稿"):
        services.save_metadata(manuscript, user(author), title_zh="x")
    with pytest.raises(TransitionError):
        services.submit_manuscript(manuscript, user(author))


def test_editor_letters_need_a_note(author, editor):
    manuscript = submitted(author)
    with pytest.raises(TransitionError, match="信"):
        services.move_manuscript(manuscript, Action.RETURN_TO_AUTHOR, user(editor), note=" ")


def test_authors_add_remove_reorder_and_pinyin(author):
    manuscript = ready_draft(author)
    names = [a.name for a in manuscript.authors]
    assert names == ["张伟", "李娜", "王强"]
    assert manuscript.authors[1].name_pinyin == "Li Na"
    services.move_author(manuscript, user(author), manuscript.authors[2].id, -1)
    assert [a.name for a in manuscript.authors] == ["张伟", "王强", "李娜"]
    assert [a.position for a in manuscript.authors] == [0, 1, 2]
    services.set_corresponding(manuscript, user(author), manuscript.authors[2].id)
    assert [a.corresponding for a in manuscript.authors] == [False, False, True]
    services.remove_author(manuscript, user(author), manuscript.authors[1].id)
    assert [a.name for a in manuscript.authors] == ["张伟", "李娜"]
    with pytest.raises(TransitionError):
        services.remove_author(manuscript, user(author), manuscript.authors[0].id)


@pytest.mark.services
def test_parallel_submits_on_postgresql_get_distinct_gap_free_numbers(app, quick_user):
    from tests.conftest import need_service

    need_service("PostgreSQL", db.engine.dialect.name == "postgresql",
                 "set KANWU_TEST_DATABASE_URL")
    authors = [quick_user() for _ in range(12)]
    ids = []
    for author_id in authors:
        ids.append(ready_draft(author_id, co_authors=[]).id)
    db.session.commit()
    barrier = threading.Barrier(len(ids))
    errors = []

    def submit(manuscript_id, author_id):
        with app.test_request_context("/"):
            try:
                manuscript = db.session.get(Manuscript, manuscript_id)
                barrier.wait()
                services.submit_manuscript(manuscript, db.session.get(User, author_id))
                db.session.commit()
            except Exception as exc:  # collected and asserted below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(ids, authors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db.session.expire_all()
    numbers = sorted(db.session.scalars(select(Manuscript.number)))
    year = db.session.get(Manuscript, ids[0]).number_year
    assert numbers == [f"HBKJTY-{year}-{n:04d}" for n in range(1, len(ids) + 1)]


def test_withdrawal_tells_every_editor_who_is_not_an_author(author, quick_user, outbox):
    english = quick_user(roles=("editor",), email="ed-en@example.org", locale="en")
    chief = quick_user(roles=("chief_editor", "editor"), email="chief@example.org")
    quick_user(roles=("editor",), email="gone@example.org", active=False)
    from accounts.models import Role

    user(author).grant(Role.EDITOR)  # an editor's own manuscript: not told as an editor
    manuscript = submitted(author)
    services.withdraw_manuscript(manuscript, user(author), "另投他刊")
    number, title = manuscript.number, manuscript.title_zh
    db.session.commit()
    mails = {m["To"]: m for m in outbox.deliver()
             if m["X-Kanwu-Dedupe-Key"].startswith("review-withdrawn")}
    assert set(mails) == {user(english).email, user(chief).email}
    assert mails["ed-en@example.org"]["Subject"] == f"Manuscript {number} withdrawn by its authors"
    body = mails["chief@example.org"].get_body(("plain",)).get_content()
    assert number in body and title in body and "另投他刊" in body


def test_a_draft_withdrawn_tells_no_editor(author, editor, outbox):
    manuscript = ready_draft(author)
    services.withdraw_manuscript(manuscript, user(author), "不投了")
    db.session.commit()
    assert not [m for m in outbox.deliver() if m["To"] == user(editor).email]
