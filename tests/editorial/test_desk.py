"""The editors' desk: queues and counts, filters, search, keyset pages with a constant number
of queries, and a console offering exactly the moves allowed now."""

import re

import pytest
from sqlalchemy import event

from core.extensions import db
from submission.workflow import State
from tests.factories import make_column, make_manuscript


def counts(page: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-queue="(\w+)">(\d+)<', page)}


def seed(app, author, states, **fields) -> list[int]:
    with app.app_context():
        ids = [make_manuscript(author, state=s, **fields).id for s in states]
        db.session.commit()
        return ids


def test_only_editors_reach_the_desk(client, login, author):
    login(client, author)
    assert client.get("/desk/").status_code == 403


def test_queues_count_by_state_and_hide_unsubmitted_drafts(app, client, login, editor, author):
    seed(app, author, ["submitted", "submitted", "received", "under_review", "accepted",
                       "scheduled", "rejected", "withdrawn", "revision_requested"])
    seed(app, author, ["draft"], number=None)  # never submitted: not for editors
    seed(app, author, ["draft"], number="HBKJTY-2026-0999")  # returned, keeps its number
    login(client, editor)
    page = client.get("/desk/").get_data(as_text=True)
    assert counts(page) == {"new": 2, "returned": 1, "received": 1, "in_review": 1,
                            "decision_due": 0, "revision": 1, "accepted": 1,
                            "awaiting_agreement": 0, "in_proof": 0, "awaiting_fee": 0,
                            "scheduled": 1,
                            "closed": 2, "all": 11 - 1}
    assert page.count('href="/desk/manuscripts/') == 2


def test_cached_tables_follow_titles_authors_and_column_names(app, client, login, editor,
                                                             author):
    from submission.models import ManuscriptAuthor

    (manuscript_id,) = seed(app, author, ["submitted"], title_zh="旧标题")
    login(client, editor)
    assert "旧标题" in client.get("/desk/").get_data(as_text=True)
    with app.app_context():
        from submission.models import Manuscript

        manuscript = db.session.get(Manuscript, manuscript_id)
        manuscript.title_zh = "新标题"
        manuscript.column.name_zh = "新栏目"
        manuscript.authors.append(ManuscriptAuthor(position=1, name="司马光", email="s@x.org"))
        db.session.commit()
    page = client.get("/desk/").get_data(as_text=True)
    assert "新标题" in page and "新栏目" in page and "司马光" in page
    client.get("/lang/en")  # the cached Chinese table is not served in English
    english = client.get("/desk/").get_data(as_text=True)
    table = english[english.index('class="table table-sm'):]
    assert "<th>Manuscript number</th>" in table and ">Submitted</span>" in table


def test_title_bigrams_follow_every_title_change(app, author):
    from submission.models import Manuscript, title_bigrams

    assert title_bigrams("情报学 理论", "AI Ethics") == sorted(
        {"情报", "报学", "理论", "ai", "et", "th", "hi", "ic", "cs"})
    with app.app_context():
        manuscript = make_manuscript(author, state="submitted", title_zh="阅读推广",
                                     title_en="Reading")
        db.session.commit()
        assert "推广" in manuscript.title_bigrams and "re" in manuscript.title_bigrams
        manuscript.title_zh = "古籍保护"
        db.session.commit()
        stored = db.session.get(Manuscript, manuscript.id)
        db.session.refresh(stored)
        assert "古籍" in stored.title_bigrams and "推广" not in stored.title_bigrams


def test_counts_follow_every_move_though_they_are_cached(app, client, login, editor, author):
    (manuscript_id,) = seed(app, author, ["submitted"])
    login(client, editor)
    assert counts(client.get("/desk/").get_data(as_text=True))["new"] == 1
    assert counts(client.get("/desk/").get_data(as_text=True))["new"] == 1  # from the cache
    client.post(f"/desk/manuscripts/{manuscript_id}/move",
                data={"action": "receive", "expected_version": 1, "note": ""})
    after = counts(client.get("/desk/").get_data(as_text=True))
    assert (after["new"], after["received"]) == (0, 1)
    seed(app, author, ["submitted", "submitted"])  # changes by other requests count too
    assert counts(client.get("/desk/").get_data(as_text=True))["new"] == 2


def test_filters_by_column_and_year_and_search(app, client, login, editor, author):
    with app.app_context():
        column = make_column(name_zh="理论研究")
        make_manuscript(author, state="submitted", title_zh="情报学理论研究", column=column)
        theory = column.id
        db.session.commit()
    old = seed(app, author, ["submitted"], title_zh="旧稿", number="HBKJTY-2025-0007",
               number_year=2025)
    seed(app, author, ["submitted"], title_zh="数字图书馆",
         authors=[{"name": "欧阳修", "email": "oy@example.org"}])
    login(client, editor)

    def listed(**args):
        page = client.get("/desk/", query_string={"queue": "all", **args}).get_data(as_text=True)
        return re.findall(r'<td>([^<]+)</td>\s*<td class="small">', page)

    assert listed(column=theory) == ["情报学理论研究"]
    assert listed(year=2025) == ["旧稿"]
    assert listed(q="HBKJTY-2025") == ["旧稿"]
    assert listed(q="欧阳") == ["数字图书馆"]  # two characters: the start of a name
    assert listed(q="阳修") == []  # (not its middle: a name search starts with the surname)
    assert listed(q="欧阳修") == ["数字图书馆"]
    assert listed(q="理论") == ["情报学理论研究"]  # two characters of a title
    assert listed(q="欧") == ["数字图书馆"]  # one character: a surname
    assert listed(q="图") == []  # (never the middle of a title)
    assert listed(q="学理论研") == ["情报学理论研究"]
    assert listed(q="100%") == []  # wildcards are text, not patterns
    page = client.get("/desk/?queue=all&year=2025").get_data(as_text=True)
    assert counts(page)["all"] == 1 and f"/desk/manuscripts/{old[0]}" in page
    assert re.findall(r'<option value="(\d{4})"', page) == ["2026", "2025"]  # every year


def query_count(app, client, url) -> int:
    statements = []

    def count(*args, **kwargs):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_keyset_pages_and_constant_queries(app, client, login, editor, author, monkeypatch):
    from editorial import queues

    monkeypatch.setattr(queues, "PAGE_SIZE", 5)
    ids = seed(app, author, ["submitted"] * 12)
    login(client, editor)
    first = client.get("/desk/").get_data(as_text=True)
    shown = [int(i) for i in re.findall(r'href="/desk/manuscripts/(\d+)"', first)]
    assert shown == sorted(ids, reverse=True)[:5]
    cursor = re.search(r'before=(\d+)', first).group(1)
    second = client.get(f"/desk/?queue=new&before={cursor}").get_data(as_text=True)
    shown2 = [int(i) for i in re.findall(r'href="/desk/manuscripts/(\d+)"', second)]
    assert shown2 == sorted(ids, reverse=True)[5:10]
    # Pages not cached yet (the first page is): 2 rows or 5 rows, the same queries.
    few = query_count(app, client, "/desk/?queue=new&before=" + str(sorted(ids)[2]))
    many = query_count(app, client, "/desk/?queue=new&before=" + str(max(ids) + 1))
    assert few == many
    assert query_count(app, client, "/desk/") < many  # the cached page skips its queries


@pytest.mark.parametrize(("state", "buttons"), [
    (State.SUBMITTED, {"receive", "return_to_author", "desk_reject"}),
    (State.PUBLISHED, set()),
])
def test_console_offers_the_receipt_step_when_allowed(app, client, login, editor, author, state,
                                                      buttons):
    (manuscript_id,) = seed(app, author, [state.value])
    login(client, editor)
    page = client.get(f"/desk/manuscripts/{manuscript_id}").get_data(as_text=True)
    from submission.console import PANELS

    # The review panel offers its moves on the review pages (with letters), not as buttons here.
    by_review = {a.value for panel in PANELS if panel.render.__module__ == "review.panel"
                 for a in panel.actions}
    assert set(re.findall(r'name="action" value="(\w+)"', page)) == buttons - by_review


@pytest.mark.parametrize("state", list(State), ids=[s.value for s in State])
def test_panels_and_plain_forms_cover_exactly_the_allowed_moves(req_ctx, editor, author, state):
    """Each editorial move allowed now is offered once: by the panel that claims it, or by a
    plain form on the console when no panel does."""
    from accounts.models import User
    from submission.console import PANELS, unclaimed_moves
    from submission.workflow import EDITORS, TRANSITIONS, allowed_moves

    manuscript = make_manuscript(author, state=state.value)
    user = db.session.get(User, editor)
    allowed = {m.action for m in allowed_moves(manuscript, user)
               if TRANSITIONS[(state, m.action)][1] & EDITORS}
    claimed = set().union(*(p.actions for p in PANELS))
    plain = {m.action for m in unclaimed_moves(manuscript, user)}
    assert plain == allowed - claimed
    assert plain | (allowed & claimed) == allowed


def test_console_shows_duplicates_report_and_letters(app, client, login, editor, author):
    from accounts.models import User
    from tests.submission.helpers import submitted

    with app.test_request_context("/"):
        first = submitted(author)
        second = submitted(author, co_authors=[])
        db.session.commit()
        first_number, second_id = first.number, second.id
        assert db.session.get(User, author)
    login(client, editor)
    page = client.get(f"/desk/manuscripts/{second_id}").get_data(as_text=True)
    assert "疑似重复投稿" in page and first_number in page and "相似度 100%" in page
    assert "compliance-report" in page and "投稿确认" in page


def test_an_editor_sees_no_moves_on_own_manuscript(app, client, login, editor):
    (manuscript_id,) = seed(app, editor, ["submitted"])
    login(client, editor)
    page = client.get(f"/desk/manuscripts/{manuscript_id}").get_data(as_text=True)
    assert 'name="action"' not in page
