"""The rubric: per-column criteria, validation, weighted totals, comparison."""

from types import SimpleNamespace

from core.extensions import db
from review.models import ReviewCriterion
from review.rubric import clean_scores, compare, criteria_for_column, freeze, weighted_total
from tests.factories import make_column

RUBRIC = [{"key": "c1", "name_zh": "创新性", "name_en": "Originality", "weight": 3, "max": 5},
          {"key": "c2", "name_zh": "写作规范", "name_en": "Writing", "weight": 1, "max": 5}]


def test_default_criteria_and_column_override(app_ctx):
    default = freeze(criteria_for_column(None))
    assert [c["name_zh"] for c in default] == ["创新性", "科学性", "学术价值", "写作规范"]
    column = make_column()
    db.session.add(ReviewCriterion(column_id=column.id, name_zh="实用性", name_en="Use",
                                   weight=2))
    assert [c.name_zh for c in criteria_for_column(column.id)] == ["实用性"]
    assert len(criteria_for_column(make_column().id)) == 4  # no own rubric: the default


def test_clean_scores_keeps_the_valid_part(app):
    with app.test_request_context():
        clean, errors = clean_scores(RUBRIC, {"c1": "4", "c2": "0"}, complete=False)
        assert clean == {"c1": 4} and len(errors) == 1
        clean, errors = clean_scores(RUBRIC, {"c1": "x"}, complete=True)
        assert clean == {} and len(errors) == 2
        _, errors = clean_scores(RUBRIC, {"c1": 1, "c2": 1, "c9": 3}, complete=True)
        assert errors  # an unknown criterion is refused


def test_weighted_total_is_a_percentage_of_the_best():
    assert weighted_total(RUBRIC, {"c1": 5, "c2": 5}) == 100.0
    assert weighted_total(RUBRIC, {"c1": 4, "c2": 2}) == 70.0
    assert weighted_total(RUBRIC, {"c1": 4}) is None


def test_compare_flags_disagreement():
    reviews = [SimpleNamespace(scores={"c1": 5, "c2": 3}), SimpleNamespace(scores={"c1": 2})]
    rows = compare(RUBRIC, reviews)
    assert (rows[0].mean, rows[0].spread, rows[0].disagreement) == (3.5, 3, True)
    assert (rows[1].scores, rows[1].mean, rows[1].disagreement) == ([3, None], 3, False)


def test_editor_sets_a_column_rubric_used_by_new_rounds(app, client, login, review_flow, scene):
    from review.models import ReviewRound
    from submission.models import Manuscript

    with app.app_context():
        column_id = db.session.get(Manuscript, scene.manuscript).column_id
    login(client, scene.editor)
    page = client.get(f"/review/rubrics/{column_id}").get_data(as_text=True)
    assert "创新性 | Originality | 0.3 | 5" in page  # the default shown as a start
    bad = client.post(f"/review/rubrics/{column_id}", data={"criteria": "实用性 | Use | x | 5"})
    assert "第 1 行" in bad.get_data(as_text=True)
    client.post(f"/review/rubrics/{column_id}",
                data={"criteria": "实用性 | Usefulness | 2 | 5\n规范性 | Form | 1 | 3"})
    review_flow.start()
    with app.app_context():
        rubric = db.session.scalar(db.select(ReviewRound.rubric))
        assert [(c["name_zh"], c["weight"], c["max"]) for c in rubric] == [
            ("实用性", 2.0, 5), ("规范性", 1.0, 3)]
        assert len(criteria_for_column(None)) == 4  # the default is untouched
