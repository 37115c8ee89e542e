"""Demo: a manuscript in peer review with both demo reviewers' reviews submitted, ready for the
editor's decision, and one received manuscript waiting to be sent to review."""

import io

from sqlalchemy import select

from accounts.models import User
from core.demo import demo_loader
from core.extensions import db
from journal.models import Column
from review import decisions, invitations, reviewing
from review.models import Verdict
from review.rounds import current_round
from review.tokens import LinkHolder
from submission.models import FileKind, Manuscript, ManuscriptAuthor, ManuscriptFile
from submission.storage import save_bytes
from submission.workflow import Action, State, advance

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNDER_REVIEW = "HBKJTY-2025-0101"
RECEIVED = "HBKJTY-2025-0102"
REVIEWS = [
    ("reviewer@demo.kanwu", {"c1": 4, "c2": 4, "c3": 5, "c4": 3}, Verdict.MINOR_REVISION,
     "选题有现实意义，调查数据较为充分。建议：1. 补充样本高校的选择依据；2. 第三部分的服务模式"
     "与已有研究的区别需要进一步说明；3. 参考文献格式请按 GB/T 7714 统一。",
     "整体质量较好，小修后可录用。"),
    ("reviewer2@demo.kanwu", {"c1": 2, "c2": 4, "c3": 3, "c4": 4}, Verdict.MAJOR_REVISION,
     "The survey is careful, but the contribution beyond existing studies of research data "
     "services is not yet clear. Please position the model against the literature and discuss "
     "the limits of a sample of twelve libraries.",
     ""),
]


def _docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.author = "张伟"
    document.add_heading("高校图书馆科研数据服务模式研究", 1)
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _manuscript(number: str, author: User, column: Column | None, title: str, title_en: str):
    data = _docx("摘要：本文调查了河北省十二所高校图书馆的科研数据服务现状……")
    manuscript = Manuscript(
        number=number, number_year=2025, submitter_id=author.id, column=column,
        state=State.RECEIVED, title_zh=title, title_en=title_en,
        abstract_zh="目的：了解高校图书馆科研数据服务的现状与问题。方法：对河北省十二所高校图书馆"
                    "进行问卷调查和访谈。结果：多数图书馆已开展数据存储与咨询服务，但数据管理计划"
                    "支持和数据素养教育不足。结论：提出以学科馆员为纽带的分层服务模式。",
        abstract_en="Purpose: to survey research data services in university libraries. "
                    "Method: questionnaires and interviews in twelve libraries in Hebei.",
        keywords_zh=["高校图书馆", "科研数据服务", "数据素养"],
        keywords_en=["university library", "research data services", "data literacy"],
    )
    manuscript.authors.append(ManuscriptAuthor(
        position=0, user_id=author.id, name=author.name, name_pinyin="Zhang Wei",
        email=author.email, affiliation="石家庄某大学信息管理学院", corresponding=True))
    manuscript.authors.append(ManuscriptAuthor(
        position=1, name="李娜", name_pinyin="Li Na", email="lina@demo.kanwu",
        affiliation="河北省某高校管理学院", locale="en"))  # (so the letter is written twice)
    manuscript.files.append(ManuscriptFile(
        kind=FileKind.MANUSCRIPT, version=1, original_name="manuscript.docx",
        sha256=save_bytes(data), size=len(data), mimetype=DOCX, uploaded_by_id=author.id))
    db.session.add(manuscript)
    db.session.flush()
    return manuscript


DESK_REJECTED = "情报学理论的本土化探索"  # one of the submission demo's manuscripts


def _desk_reject(editor: User) -> None:
    manuscript = db.session.scalar(select(Manuscript).where(
        Manuscript.title_zh == DESK_REJECTED, Manuscript.state == State.RECEIVED))
    if manuscript is not None:
        decisions.desk_reject(  # (its co-author reads English)
            manuscript, editor, letter="稿件主题超出本刊范围，建议改投相关期刊。",
            letter_en="The manuscript is outside the journal's scope; a journal of "
                      "information science theory would suit it better.")


@demo_loader(order=60)
def load_demo_review() -> list[str]:
    if db.session.scalar(select(Manuscript.id).where(Manuscript.number == UNDER_REVIEW)):
        return ["Peer review demo: already loaded."]
    people = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(
        ["editor@demo.kanwu", "author@demo.kanwu", "reviewer@demo.kanwu",
         "reviewer2@demo.kanwu"])))}
    if len(people) < 4:
        return ["Peer review demo: skipped (demo accounts missing)."]
    editor, author = people["editor@demo.kanwu"], people["author@demo.kanwu"]
    column = db.session.scalar(select(Column).where(Column.slug == "technology"))
    manuscript = _manuscript(UNDER_REVIEW, author, column, "高校图书馆科研数据服务模式研究",
                             "Research data service models in university libraries")
    advance(manuscript, Action.SEND_TO_REVIEW, editor)
    review_round = current_round(manuscript)
    for email, scores, verdict, to_author, to_editor in REVIEWS:
        reviewer = people[email]
        reviewer.expertise = "科研数据服务, 数字图书馆, 信息素养"
        assignment = invitations.invite(review_round, reviewer, editor)
        invitations.accept(assignment, LinkHolder.of(assignment), competing_interests="")
        reviewing.submit_review(assignment, {
            "scores": scores, "recommendation": verdict, "comments_to_author": to_author,
            "comments_to_editor": to_editor})
    _manuscript(RECEIVED, author, column, "基于知识图谱的馆藏资源揭示研究",
                "Revealing library collections with knowledge graphs")
    _desk_reject(editor)
    return [f"Peer review demo: {UNDER_REVIEW} with two reviews (decide it as editor@demo.kanwu),"
            f" {RECEIVED} waiting to be sent to review."]
