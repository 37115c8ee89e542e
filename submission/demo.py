"""Demo manuscripts for a local install: the demo author's manuscripts in several states, moved
through the real services (so they have numbers, events, letters and a format report)."""

from sqlalchemy import select

from accounts.models import find_user_by_email
from core.demo import demo_loader
from core.extensions import db
from journal.models import Column
from submission import services
from submission.models import Manuscript
from submission.samples import ABSTRACT, sample_docx
from submission.workflow import Action

DEMO = [
    # (column slug, title, English title, abstract (None: the sample's), moves, note)
    ("technology", "高校图书馆科研数据服务研究", "Research Data Services in University Libraries",
     None, None, ""),
    ("resources", "地方文献数字化建设路径", "Digitising Local Documents",
     "目的：梳理地方文献数字化的现状与难点。方法：以河北省五家公共图书馆为例，调查其地方文献的"
     "收藏、著录与数字化流程。结果：多数图书馆缺少统一的元数据标准，版权状况不清。结论：应建立"
     "区域协作机制，制定著录规范，分批推进地方文献的数字化与开放利用。",
     [Action.RECEIVE], ""),
    ("services", "文献检索课混合式教学实践", "Blended Teaching of Literature Retrieval",
     "目的：提高文献检索课的教学效果。方法：在两个学期中采用线上自学与课堂实训相结合的混合式"
     "教学，并与传统讲授班比较。结果：混合式教学班的检索实操成绩和课程满意度均明显较高。结论："
     "混合式教学适合实践性强的信息素养课程，值得推广。",
     [Action.RETURN_TO_AUTHOR], "请按 GB/T 7714 著录参考文献 [3]，并补充英文摘要。"),
    ("theory", "情报学理论的本土化探索", "Localising Information Science Theory",
     "目的：讨论情报学基本概念在中国语境中的适用性。方法：回顾近四十年国内情报学教材与核心"
     "期刊论文中的概念使用。结果：信息、知识、情报三者的界定长期混用。结论：需要结合国内实践"
     "重新梳理学科核心概念体系。",
     [Action.RECEIVE], ""),  # desk-rejected by the review demo (decisions are its flow)
    ("preservation", "古籍修复档案管理研究", "Records of Rare-Book Conservation",
     "目的：规范古籍修复过程的档案记录。方法：分析三家古籍修复中心的修复档案样本。结果：修复"
     "前后影像、用料和工艺记录不完整。结论：应制定修复档案著录细则，并建立可检索的修复档案库。",
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
    for slug, title, title_en, abstract, moves, note in DEMO:
        column = db.session.scalar(select(Column).where(Column.slug == slug))
        manuscript = services.start_submission(author, column)
        services.confirm_checklist(manuscript, author)
        services.upload_file(manuscript, author, filename=f"{title}.docx",
                             data=sample_docx(title=title, title_en=title_en,
                                              abstract=abstract or ABSTRACT))
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
