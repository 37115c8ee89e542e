"""The desk finds things: a search covers every queue, numbers match without their prefix or
by their last digits, and the list marks suspected duplicates and reviewers who disagree."""

import re
from datetime import datetime

import pytest

from core.extensions import db
from tests.editorial.test_desk import counts, seed


def titles(page: str) -> list[str]:
    return re.findall(r'<td>([^<]+?)(?: <span|</td>)', page)


def test_a_search_covers_every_queue_with_a_count_per_queue(app, client, login, editor,
                                                            author):
    seed(app, author, ["submitted"], title_zh="数据服务研究一")
    seed(app, author, ["under_review"], title_zh="数据服务研究二")
    seed(app, author, ["published"], title_zh="数据服务研究三")
    seed(app, author, ["submitted"], title_zh="别的题目")
    login(client, editor)
    page = client.get("/desk/", query_string={"q": "数据服务"}).get_data(as_text=True)
    assert sorted(titles(page)) == ["数据服务研究一", "数据服务研究三", "数据服务研究二"]
    found = counts(page)
    assert (found["all"], found["new"], found["in_review"], found["closed"]) == (3, 1, 1, 1)
    # a chosen tab narrows the search to its queue
    page = client.get("/desk/", query_string={"q": "数据服务", "queue": "in_review"})
    assert titles(page.get_data(as_text=True)) == ["数据服务研究二"]


@pytest.mark.parametrize("term", ["HBKJTY-2025-0007", "2025-0007", "0007", "007", "7", "2025-7"])
def test_a_number_is_found_without_its_prefix_and_by_its_last_digits(app, client, login, editor,
                                                                     author, term):
    seed(app, author, ["submitted"], title_zh="旧稿", number="HBKJTY-2025-0007",
         number_year=2025)
    seed(app, author, ["submitted"], title_zh="另一篇", number="HBKJTY-2025-0017",
         number_year=2025)
    seed(app, author, ["submitted"], title_zh="明年的", number="HBKJTY-2026-0007",
         number_year=2026)
    login(client, editor)
    found = titles(client.get("/desk/", query_string={"q": term}).get_data(as_text=True))
    expected = ["旧稿"] if "2025" in term else ["明年的", "旧稿"]
    assert sorted(found) == sorted(expected)


def _review(app, manuscript_id: int, reviewer_ids: list[int], *recommendations: str) -> None:
    from review.models import ReviewAssignment, ReviewRound

    with app.app_context():
        review_round = ReviewRound(manuscript_id=manuscript_id, number=1)
        db.session.add(review_round)
        now = datetime(2026, 11, 1)
        for label, recommendation in enumerate(recommendations, 1):
            db.session.add(ReviewAssignment(
                round=review_round, reviewer_id=reviewer_ids[label - 1], label=label,
                state="submitted",
                response_due_at=now, review_due_at=now, submitted_at=now,
                recommendation=recommendation))
        db.session.commit()


def test_the_list_marks_duplicates_and_reviewers_who_disagree(app, client, login, editor,
                                                              author, quick_user):
    from submission.models import DuplicateFlag

    reviewers = [quick_user(roles=("reviewer",), name=f"审稿人{n}") for n in (1, 2)]
    split, close, flagged = seed(app, author, ["under_review"] * 3)
    login(client, editor)
    page = client.get("/desk/?queue=in_review").get_data(as_text=True)
    assert "desk-marker" not in page
    _review(app, split, reviewers, "accept", "major_revision")  # 录用 vs 大修
    _review(app, close, reviewers, "accept", "minor_revision")
    with app.app_context():
        db.session.add(DuplicateFlag(manuscript_id=flagged, similar_id=split, score=0.8))
        db.session.commit()
    page = client.get("/desk/?queue=in_review").get_data(as_text=True)  # not a stale page
    rows = {int(i): row for i, row in re.findall(
        r'href="/desk/manuscripts/(\d+)">.*?</td>(.*?)</tr>', page, re.S)}
    assert "审稿意见分歧：录用 vs 大修" in rows[split]
    assert "desk-marker" not in rows[close]
    assert "疑似重复投稿" in rows[flagged] and "分歧" not in rows[flagged]


def test_markers_cost_the_same_queries_for_a_few_rows_or_a_page(app, client, login, editor,
                                                                 author, quick_user):
    from tests.editorial.test_desk import query_count

    reviewers = [quick_user(roles=("reviewer",), name=f"审稿人{n}") for n in (1, 2)]
    ids = seed(app, author, ["under_review"] * 12)
    for manuscript_id in ids:
        _review(app, manuscript_id, reviewers, "accept", "reject")
    login(client, editor)
    client.get("/desk/?queue=in_review")  # the counts and years are cached from here on
    few = query_count(app, client, f"/desk/?queue=in_review&before={sorted(ids)[2]}")
    many = query_count(app, client, f"/desk/?queue=in_review&before={max(ids) + 1}")
    assert few == many


def test_a_kept_search_table_shows_a_change_at_once(app, client, login, editor, author):
    """The rows a search found are rendered once per desk generation: a repeated search shows
    a renamed manuscript, a new match and a moved one at once."""
    from submission.models import Manuscript

    [first] = seed(app, author, ["submitted"], title_zh="数据服务研究一")
    login(client, editor)

    def page() -> str:
        return client.get("/desk/", query_string={"q": "数据服务"}).get_data(as_text=True)

    assert titles(page()) == ["数据服务研究一"]
    assert titles(page()) == ["数据服务研究一"]  # (the kept table)
    with app.app_context():
        db.session.get(Manuscript, first).title_zh = "数据服务研究（修订题名）"
        db.session.commit()
    assert titles(page()) == ["数据服务研究（修订题名）"]
    seed(app, author, ["under_review"], title_zh="数据服务研究二")
    assert sorted(titles(page())) == ["数据服务研究二", "数据服务研究（修订题名）"]


def test_a_year_or_any_part_of_a_number_finds_it(app, client, login, editor, author):
    seed(app, author, ["submitted"], title_zh="旧稿", number="HBKJTY-2025-0007",
         number_year=2025)
    seed(app, author, ["published"], title_zh="明年的", number="HBKJTY-2026-0101",
         number_year=2026)
    login(client, editor)
    for term, expected in (("2025", ["旧稿"]), ("2026-01", ["明年的"]),
                           ("hbkjty", ["旧稿", "明年的"])):
        found = titles(client.get("/desk/", query_string={"q": term}).get_data(as_text=True))
        assert sorted(found) == sorted(expected), term
