"""A decision letter reaches each author in the language they read: when the authors read both
languages the editor edits both letters on one page, and each author receives theirs."""

from sqlalchemy import select, update

from core.extensions import db
from review.models import Decision
from submission.models import Manuscript, ManuscriptAuthor
from tests.review.conftest import letter_fields


def _co_author_reads_english(app, scene):
    with app.app_context():
        db.session.execute(update(ManuscriptAuthor).where(
            ManuscriptAuthor.manuscript_id == scene.manuscript,
            ManuscriptAuthor.email == "lina@hbu.example.org").values(locale="en"))
        db.session.commit()


def _letter_page(client, scene, verdict="minor_revision"):
    response = client.post(f"/review/manuscripts/{scene.manuscript}/decision/letter",
                           data={"verdict": verdict})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_authors_of_one_language_get_one_letter(app, client, login, review_flow, scene):
    review_flow.two_reviews()
    login(client, scene.editor)
    fields = letter_fields(_letter_page(client, scene))
    assert "letter_body_en" not in fields and "您好" in fields["letter_body"]


def test_each_author_receives_the_letter_in_their_language(app, client, login, outbox,
                                                          review_flow, scene):
    _co_author_reads_english(app, scene)
    review_flow.two_reviews()
    outbox.deliver()
    login(client, scene.editor)
    fields = letter_fields(_letter_page(client, scene))
    assert "您好" in fields["letter_body"] and "Dear Zhang Wei, Li Na" in fields["letter_body_en"]
    fields["letter_body"] += "\n（编辑补充：请注意图表编号。）"
    fields["letter_body_en"] += "\n(Editor: please check the figure numbers.)"
    response = client.post(f"/review/manuscripts/{scene.manuscript}/decision/send",
                           data={"verdict": "minor_revision", **fields})
    assert response.status_code == 302
    letters = {m["To"]: m for m in outbox.deliver()
               if "review-decision" in m["X-Kanwu-Dedupe-Key"]}
    chinese = letters["zhangwei@hbu.example.org"].get_body(("plain",)).get_content()
    english = letters["lina@hbu.example.org"].get_body(("plain",)).get_content()
    assert "请注意图表编号" in chinese and "Dear" not in chinese
    assert "please check the figure numbers" in english and "您好" not in english
    assert "论证充分，建议小修。" in chinese and "论证充分，建议小修。" in english  # the reviews
    assert letters["lina@hbu.example.org"]["Subject"].startswith("Minor revision")
    # the authors' page shows the letter in the reader's language
    login(client, scene.author)
    page = f"/review/manuscripts/{scene.manuscript}/reviews"
    assert "请注意图表编号" in client.get(page).get_data(as_text=True)
    assert "please check the figure numbers" in client.get(f"{page}?lang=en").get_data(as_text=True)


def test_a_missing_english_letter_is_refused_and_nothing_is_decided(app, client, login,
                                                                    review_flow, scene):
    _co_author_reads_english(app, scene)
    review_flow.two_reviews()
    login(client, scene.editor)
    letter_page = f"/review/manuscripts/{scene.manuscript}/decision/letter"
    fields = letter_fields(_letter_page(client, scene))
    fields["letter_body_en"] = "  "
    fields["letter_body"] += "\n编辑写下的话不会丢失。"
    response = client.post(f"/review/manuscripts/{scene.manuscript}/decision/send",
                           data={"verdict": "minor_revision", **fields},
                           headers={"Referer": f"http://localhost{letter_page}"})
    assert response.status_code == 400  # the letter page again, with what the editor wrote
    html = response.get_data(as_text=True)
    assert "编辑写下的话不会丢失。" in html and "英文信" in html
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "under_review"
        assert db.session.scalars(select(Decision)).all() == []


def test_a_desk_rejection_reaches_each_author_in_their_language(app, client, login, outbox,
                                                               review_flow, scene):
    _co_author_reads_english(app, scene)
    outbox.deliver()
    login(client, scene.editor)
    page = client.get(f"/review/manuscripts/{scene.manuscript}/decision").get_data(as_text=True)
    assert 'name="letter_en"' in page
    post = f"/review/manuscripts/{scene.manuscript}/desk-rejection"
    missing = client.post(post, data={"letter": "超出本刊范围。"})
    assert missing.status_code == 400 and "超出本刊范围。" in missing.get_data(as_text=True)
    response = client.post(post, data={"letter": "超出本刊范围。",
                                       "letter_en": "Outside the journal's scope."})
    assert response.status_code == 302
    mails = {m["To"]: m.get_body(("plain",)).get_content() for m in outbox.deliver()
             if m["To"] in ("zhangwei@hbu.example.org", "lina@hbu.example.org")}
    assert "超出本刊范围。" in mails["zhangwei@hbu.example.org"]
    assert "Outside the journal's scope." in mails["lina@hbu.example.org"]
    assert "超出本刊范围" not in mails["lina@hbu.example.org"]
