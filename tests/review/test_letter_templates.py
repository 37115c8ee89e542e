"""Decision letter templates are checked when they are saved: a template the sandbox refuses,
one with a syntax error or an unknown placeholder is refused with a clear message and nothing
is lost; a template stored before that check still never stops a decision."""

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from core.extensions import db
from review.models import LetterTemplate, Verdict
from tests.review.conftest import stored_default

URL = "/review/letter-templates/minor_revision"
GOOD = {"subject_zh": "退修：{{ number }}", "body_zh": "{{ authors }}：请修改。{{ reviews }}",
        "subject_en": "Revise {{ number }}", "body_en": "Dear {{ authors }}"}


def stored(app) -> LetterTemplate | None:
    with app.app_context():
        template = db.session.scalar(select(LetterTemplate).where(
            LetterTemplate.verdict == Verdict.MINOR_REVISION.value))
        db.session.expunge_all()
        return template


@pytest.mark.parametrize(("field", "source", "message"), [
    ("body_zh", "{{ ''.__class__.__mro__ }}", "不允许"),
    ("body_en", "{{ authors.__init__.__globals__ }}", "不允许"),
    ("body_zh", "{{ authors }}：{% for x in %}", "第 1 行"),
    ("subject_en", "Revise {{ number ", "第 1 行"),
    ("body_zh", "{{ autors }}：请修改。", "autors"),
    ("subject_zh", "{{ number|nosuchfilter }}", "nosuchfilter"),
])
def test_a_template_that_would_fail_is_refused_when_saved(app, client, login, make_user,
                                                          field, source, message):
    login(client, make_user(roles=("editor",)))
    response = client.post(URL, data=dict(GOOD, **{field: source}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    for other, value in GOOD.items():  # the editor's text is kept
        assert str(escape(value)) in html or other == field
    template = stored(app)
    assert template is None or template.subject_zh != GOOD["subject_zh"]


def test_english_message(client, login, make_user):
    login(client, make_user(roles=("editor",), locale="en"))
    client.get("/?lang=en")
    html = client.post(URL, data=dict(GOOD, body_en="{{ ''.__class__ }}")).get_data(as_text=True)
    assert "not allowed" in html


def test_a_good_template_is_saved_and_used(app, client, login, review_flow, scene):
    review_flow.two_reviews()
    login(client, scene.editor)
    assert client.post(URL, data=GOOD).status_code == 302
    assert stored(app).subject_zh == GOOD["subject_zh"]
    letter = client.post(f"/review/manuscripts/{scene.manuscript}/decision/letter",
                         data={"verdict": "minor_revision"}).get_data(as_text=True)
    assert "张伟、李娜：请修改。" in letter


def test_opening_the_editor_stores_nothing(app, client, login, make_user):
    login(client, make_user(roles=("editor",)))
    html = client.get(URL).get_data(as_text=True)
    assert "稿件退修通知（小修）" in html  # the default template, shown
    with app.app_context():
        assert db.session.scalar(select(func.count(LetterTemplate.id))) == 0


def test_a_template_stored_before_the_check_does_not_stop_the_decision(app, outbox, review_flow,
                                                                        scene):
    with app.app_context():
        template = stored_default(Verdict.MINOR_REVISION)
        template.subject_zh = "{{ number "
        template.body_zh = "{{ ''.__class__.__mro__ }}"
        db.session.commit()
    review_flow.two_reviews()
    assert review_flow.decide("minor_revision").status_code == 302
    letters = [m for m in outbox.deliver() if "review-decision" in m["X-Kanwu-Dedupe-Key"]]
    assert {m["To"] for m in letters} == {"zhangwei@hbu.example.org", "lina@hbu.example.org"}
    assert letters[0]["Subject"].startswith("稿件退修通知（小修）")  # the default letter


def test_opening_the_rubric_editor_stores_nothing(app, client, login, make_user):
    from review.models import ReviewCriterion

    login(client, make_user(roles=("editor",)))
    html = client.get("/review/rubrics/default").get_data(as_text=True)
    assert "创新性" in html  # the default rubric, shown
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewCriterion.id))) == 0
