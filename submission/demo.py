"""Demo manuscripts for a local install: the demo author's manuscripts in several states, moved
through the real services (so they have numbers, events, letters and a format report)."""

from sqlalchemy import select

from accounts.models import find_user_by_email
from journal.demo import demo_loader
from journal.extensions import db
from journal.models import Column
from submission import services
from submission.models import Manuscript
from submission.samples import sample_docx
from submission.workflow import Action

DEMO = [
    # (column slug, title, English title, moves after submit, note)
    ("technology", "高校图书馆科研数据服务研究", "Research Data Services in University Libraries",
     None, ""),
    ("resources", "地方文献数字化建设路径", "Digitising Local Documents", [Action.RECEIVE], ""),
    ("services", "文献检索课混合式教学实践", "Blended Teaching of Literature Retrieval",
     [Action.RETURN_TO_AUTHOR], "请按 GB/T 7714 著录参考文献 [3]，并补充英文摘要。"),
    ("theory", "情报学理论的本土化探索", "Localising Information Science Theory",
     [Action.DESK_REJECT], "稿件主题超出本刊范围，建议改投相关期刊。"),
    ("preservation", "古籍修复档案管理研究", "Records of Rare-Book Conservation",
     [Action.WITHDRAW], "作者决定扩充研究后另行投稿。"),
]


@demo_loader(order=50)
def load_demo_manuscripts() -> list[str]:
    author = find_user_by_email("author@demo.kanwu")
    editor = find_user_by_email("editor@demo.kanwu")
    if author is None or editor is None:
        return []
    if db.session.scalar(select(Manuscript.id).where(Manuscript.submitter_id == author.id)):
        return ["Demo manuscripts: already there."]
    for slug, title, title_en, moves, note in DEMO:
        column = db.session.scalar(select(Column).where(Column.slug == slug))
        manuscript = services.start_submission(author, column)
        services.confirm_checklist(manuscript, author)
        services.upload_file(manuscript, author, filename=f"{title}.docx",
                             data=sample_docx(title=title, title_en=title_en))
        services.prefill_from_file(manuscript, author)
        services.save_metadata(manuscript, author, title_en=title_en, grants=[
            {"funder": "河北省社会科学基金", "number": "HB21TQ001"}])
        services.add_author(manuscript, author, name="李娜", email="lina@demo.kanwu",
                            affiliation="河北师范大学图书馆", city="石家庄", postcode="050024",
                            locale="en")
        services.submit_manuscript(manuscript, author)
        for action in moves or []:
            if action == Action.WITHDRAW:
                services.withdraw_manuscript(manuscript, author, note)
            else:
                services.move_manuscript(manuscript, action, editor, note=note)
    services.start_submission(author, db.session.scalar(select(Column).limit(1)))
    return [f"Demo manuscripts: {len(DEMO)} submitted by author@demo.kanwu, one draft."]
