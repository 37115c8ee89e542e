"""The reviewers', editors' and published-content figures against small hand-made records,
with the answers worked out by hand; and where authors work, read from affiliations."""

from datetime import date, datetime, timedelta

import pytest

from core.clock import utcnow
from core.extensions import db
from publishing.models import Article, Issue
from reports.content import content
from reports.figures import Period
from reports.people import editors, overdue_now, reviewers
from reports.regions import institution_of, region_name, region_of
from review.models import ReviewAssignment, ReviewRound
from submission.models import Manuscript, WorkflowEvent
from tests.factories import make_column, make_manuscript

BEIJING = timedelta(hours=8)


def _assignment(round_id, reviewer_id, state, invited, submitted=None, due_days=30):
    db.session.add(ReviewAssignment(
        round_id=round_id, reviewer_id=reviewer_id, state=state, invited_at=invited,
        response_due_at=invited + timedelta(days=7),
        review_due_at=invited + timedelta(days=due_days),
        responded_at=None if state == "invited" else invited + timedelta(days=1),
        submitted_at=submitted))


@pytest.fixture
def panel(app, make_user):
    """Two manuscripts in review in 2026 (one in the column "other") and six invitations."""
    author, editor = make_user(), make_user(roles=("editor",), name="王编辑",
                                            name_pinyin="Wang Bianji")
    reviewers_ = [make_user(roles=("reviewer",)) for _ in range(4)]
    with app.app_context():
        theory, other = make_column(slug="theory"), make_column(slug="other")
        first = make_manuscript(author, state="under_review", column=theory)
        second = make_manuscript(author, state="under_review", column=other)
        rounds = []
        for manuscript in (first, second):
            review_round = ReviewRound(manuscript_id=manuscript.id, number=1, editor_id=editor)
            db.session.add(review_round)
            db.session.flush()
            rounds.append(review_round.id)
        jan = datetime(2026, 1, 10, 2)
        # first manuscript: submitted in 10 days (on time), in 40 days (late: due after 30),
        # declined, and one never answered
        _assignment(rounds[0], reviewers_[0], "submitted", jan, jan + timedelta(days=10))
        _assignment(rounds[0], reviewers_[1], "submitted", jan, jan + timedelta(days=40))
        _assignment(rounds[0], reviewers_[2], "declined", jan)
        _assignment(rounds[0], reviewers_[3], "invited", jan)
        # second manuscript: one reviewing and overdue today, one invited in 2025
        _assignment(rounds[1], reviewers_[0], "accepted", utcnow() - timedelta(days=40))
        _assignment(rounds[1], reviewers_[1], "submitted", datetime(2025, 12, 1, 2),
                    datetime(2026, 1, 20, 2))
        # the editor's moves in 2026: received both, sent both, one revision request
        for manuscript, moves in ((first, ("receive", "send_to_review", "request_revision")),
                                  (second, ("receive", "send_to_review"))):
            for action in moves:
                db.session.add(WorkflowEvent(manuscript_id=manuscript.id, action=action,
                                             actor_id=editor, from_state="draft",
                                             to_state="draft", created_at=jan))
        db.session.commit()
        return {"other": other.id, "editor": editor}


def test_the_reviewers_figures(panel, app_ctx):
    found = reviewers(Period.year(2026))
    # invited in 2026: four on the first manuscript, plus the reviewing one if this is 2026
    invited_now = 1 if (utcnow() - timedelta(days=40)).year == 2026 else 0
    assert found.invited == 4 + invited_now
    # answered: two submitted + one declined (+ the reviewing one): agreed 2 (or 3)
    assert found.agreed_share == pytest.approx((2 + invited_now) / (3 + invited_now))
    # submitted in 2026: 10, 40 and 50 days (the one invited in December 2025)
    assert (found.review_days.count, found.review_days.median, found.review_days.p90) == (
        3, 40.0, 50.0)
    assert found.on_time_share == pytest.approx(1 / 3)
    assert overdue_now() == 1


def test_a_column_narrows_the_reviewers_figures(panel, app_ctx):
    found = reviewers(Period.year(2026), panel["other"])
    assert found.review_days.count == 1 and found.review_days.median == 50.0
    assert overdue_now(panel["other"]) == 1 and overdue_now(panel["other"] + 99) == 0


def test_each_editors_workload(panel, app_ctx):
    (load,) = editors(Period.year(2026))
    assert load.name == "王编辑"
    assert load.work == {"received": 2, "sent_to_review": 2, "decided": 1}
    assert load.open_rounds == 2
    assert editors(Period.year(2024)) and editors(Period.year(2024))[0].work == {
        "received": 0, "sent_to_review": 0, "decided": 0}  # open rounds are today's


@pytest.fixture
def published(app):
    with app.app_context():
        theory = make_column(slug="theory")
        issues = [Issue(year=2026, volume=38, number=n, publication_date=date(2026, n, 15))
                  for n in (1, 2)]
        db.session.add_all(issues)
        db.session.flush()
        hebei = {"name": "张三", "affiliation": "河北科技大学图书馆，石家庄 050018"}
        for issue, pages, funding, authors in (
                (issues[0], (1, 8), "国家社会科学基金项目（21BTQ001）",
                 [hebei, {"name": "李四", "affiliation": "北京大学信息管理系"}]),
                (issues[0], (9, 12), "", [hebei]),
                (issues[1], (1, 10), "河北省社会科学基金", [
                    {"name": "王五", "affiliation": "东北师范大学", "city": "长春"},
                    {"name": "赵六", "affiliation": "某研究所"}]),
                (issues[1], (None, None), "",
                 [{"name": "Li", "affiliation_en": "Wuhan University"}])):
            db.session.add(Article(issue_id=issue.id, column_id=theory.id, title_zh="题",
                                   page_start=pages[0], page_end=pages[1], funding=funding,
                                   authors=authors, published_on=issue.publication_date))
        # published in 2025: outside the year
        db.session.add(Article(title_zh="旧", authors=[hebei], published_on=date(2025, 12, 31)))
        db.session.commit()


def test_the_published_content(published, app_ctx):
    found = content(Period.year(2026))
    assert (found.articles, found.funded, found.funded_ratio) == (4, 2, 0.5)
    # issue 1: 8 + 4 pages over 2 articles; issue 2: 10 pages from the one with pages
    assert [(i.label, i.articles, i.pages, i.mean_pages) for i in found.issues] == [
        ("2026年第1期", 2, 12, 6.0), ("2026年第2期", 2, 10, 10.0)]
    assert dict(found.regions) == {"河北": 2, "北京": 1, "吉林": 1, "湖北": 1, "": 1}
    assert found.regions[-1] == ("", 1)  # "not named" last
    assert found.institutions[0] == ("河北科技大学图书馆", 2)
    assert content(Period.year(2026), lang="en").issues[0].label == "2026 No. 1"


@pytest.mark.parametrize("texts, region", [
    (("河北省图书馆",), "河北"), (("河北大学", "保定"), "河北"), (("某大学", "邯郸"), "河北"),
    (("内蒙古大学",), "内蒙古"), (("Shaanxi Normal University",), "陕西"),
    (("Shanxi University",), "山西"), (("Hebei University of Technology",), "河北"),
    (("University of Xi'an",), "陕西"), (("东北师范大学",), ""), (("", ""), ""),
])
def test_the_region_an_affiliation_names(texts, region):
    assert region_of(*texts) == region


def test_region_names_and_institutions():
    assert region_name("河北", "en") == "Hebei" and region_name("内蒙古", "en") == "Inner Mongolia"
    assert region_name("河北", "zh") == "河北" and region_name("", "en") == ""
    assert institution_of("河北科技大学图书馆，石家庄 050018") == "河北科技大学图书馆"
    assert institution_of("Hebei University, Baoding 071002") == "Hebei University"
    assert institution_of("北京大学信息管理系 100871") == "北京大学信息管理系"



def _grow(app, author: int, editor: int, reviewer: int, n: int) -> None:
    """n more manuscripts of 2026, each received, reviewed, accepted and published."""
    with app.app_context():
        column = make_column()
        manuscripts = [Manuscript(submitter_id=author, column_id=column.id, state="published",
                                  title_zh=f"稿{i}") for i in range(n)]
        db.session.add_all(manuscripts)
        db.session.flush()
        rounds = [ReviewRound(manuscript_id=m.id, number=1, editor_id=editor)
                  for m in manuscripts]
        db.session.add_all(rounds)
        db.session.flush()
        for i, (manuscript, review_round) in enumerate(zip(manuscripts, rounds, strict=True)):
            at = datetime(2026, 1 + i % 12, 1 + i % 28, 2)
            for action in ("submit", "receive", "send_to_review", "accept", "publish"):
                db.session.add(WorkflowEvent(manuscript_id=manuscript.id, action=action,
                                             actor_id=editor, from_state="draft",
                                             to_state="draft", created_at=at))
                at += timedelta(days=3)
            _assignment(review_round.id, reviewer, "submitted", at, at + timedelta(days=9))
            db.session.add(Article(title_zh=f"文{i}", page_start=1, page_end=5,
                                   funding="基金" if i % 2 else "", column_id=column.id,
                                   authors=[{"name": "甲", "affiliation": f"河北第{i}图书馆"}],
                                   published_on=date(2026, 1 + i % 12, 10)))
        db.session.commit()


def test_every_table_costs_the_same_queries_for_10_or_1000_manuscripts(app, make_user):
    from reports.tables import report
    from tests.reports.test_figures import _statements

    people = [make_user(roles=(role,)) for role in ("author", "editor", "reviewer")]

    def every_table():
        with app.test_request_context("/?lang=zh_CN"):
            report(Period.year(2026))

    _grow(app, *people, 10)
    ten = _statements(app, every_table)
    _grow(app, *people, 990)
    thousand = _statements(app, every_table)
    assert ten == thousand <= 12
