"""Demo content for a local install: the journal profile, its columns and the six pages.

This is the journal's part of the demo (core.demo runs every package's part in order). The texts are written for Kanwu's demo, not copied from any site.
"""

from sqlalchemy import select

from core.demo import demo_loader
from core.extensions import db
from journal.models import GUIDELINE_PAGES, Column, GuidelinePage, get_journal

COLUMNS = [
    ("theory", "理论研究", "Theoretical Studies",
     "图书馆学、情报学基础理论与方法研究。", "Theory and methods of library and information science.", 8000),
    ("resources", "文献资源建设", "Collection Development",
     "科技文献的采集、组织、开发与利用。", "Acquiring, organising and using sci-tech literature.", 8000),
    ("technology", "信息技术应用", "Information Technology",
     "现代文献信息技术、数字图书馆与数据服务。", "Modern information technology, digital libraries and data services.", 7000),
    ("services", "读者服务", "Reader Services",
     "信息检索教学、参考咨询与阅读推广。", "Retrieval teaching, reference services and reading promotion.", 6000),
    ("preservation", "文献保护", "Preservation",
     "古籍与特藏文献的保护和修复。", "Conservation of rare books and special collections.", 6000),
    ("encyclopedia", "科技百科", "Science Encyclopaedia",
     "短篇科普与科技知识介绍。", "Short pieces introducing science and technology.", 3000),
    ("people", "图苑人物", "People in Libraries",
     "图书馆界人物访谈与纪事。", "Interviews with and portraits of people in the library world.", 4000),
]

PAGES = {
    "aims": (
        """《河北科技图苑》是面向图书馆、情报与档案工作者的学术期刊，原名《河北图苑》，由河北省高等学校图书情报工作委员会主办，双月刊，国内外公开发行。

本刊关注科技文献的管理与开发利用，探讨情报学理论与方法，报道现代文献信息技术的新进展，交流文献保护、检索课教学和馆舍设备建设的实践经验，为图书情报事业的发展服务。

读者对象主要为图书馆员、文献与档案工作者，以及信息管理专业的师生。""",
        """*Hebei Science and Technology Library Journal* (formerly *Hebei Library Journal*) is a bimonthly journal for librarians, information professionals and archivists, sponsored by the Hebei committee for university library and information work and distributed in China and abroad.

It publishes research on managing and using sci-tech literature, on information-science theory and methods, on modern information technology, on preservation, on teaching literature retrieval and on library buildings and equipment.

Its readers are librarians, documentation and archive workers, and students and teachers of information management.""",
    ),
    "guidelines": (
        """## 稿件要求

1. 来稿须观点明确、论据充分、数据可靠，未在其他刊物发表。本刊反对学术不端，严禁一稿多投。
2. 题名一般不超过 20 字，并附英文题名。
3. 中文摘要约 200–300 字，写明目的、方法、结果和结论，并附英文摘要；关键词 3–8 个，中英文对应。
4. 请注明中图分类号和文献标识码。
5. 作者姓名附汉语拼音；注明工作单位、所在城市及邮编；第一作者简介包括出生年、性别、职称、学位和研究方向。
6. 受基金资助的论文请注明基金名称及项目编号。
7. 理论性文章一般不超过 8000 字，实践与技术类文章宜更简短。
8. 参考文献按 GB/T 7714 采用顺序编码制，正文中依次标注 [1]、[2]……

投稿系统会在提交前自动检查题名、摘要、关键词、篇幅和参考文献格式。""",
        """## Requirements

1. Manuscripts must be original and unpublished. The journal forbids academic misconduct and multiple submission.
2. The title should be at most about 20 Chinese characters, with an English title.
3. A Chinese abstract of about 200–300 characters (purpose, method, results, conclusion) with an English abstract; 3–8 keywords in both languages.
4. Give the CLC number (中图分类号) and the document code (文献标识码).
5. Give author names also in Hanyu Pinyin, with affiliation, city and postcode, and a short bio of the first author.
6. Funded work names the fund and the grant number.
7. Theoretical articles generally stay within 8,000 characters; practice and technical articles are shorter.
8. References follow GB/T 7714 with sequential numbering: [1], [2], ...

The submission system checks title, abstract, keywords, length and reference format before you submit.""",
    ),
    "how-to-submit": (
        """本刊只通过在线投稿系统接收稿件，不收纸质稿。

1. 注册账号并登录，选择“投稿”。
2. 选择栏目，确认投稿须知和原创性声明。
3. 填写题名、摘要、关键词和作者信息，上传 Word（.docx）或 PDF 稿件。
4. 查看格式检查报告，确认无误后提交。提交后系统立即发送投稿确认邮件。

请在来信中引用稿件编号。""",
        """The journal accepts manuscripts only through this online system.

1. Register and log in, then choose "Submit".
2. Choose a column and confirm the checklist and the originality declaration.
3. Enter the title, abstract, keywords and authors, and upload a Word (.docx) or PDF file.
4. Read the format report and submit. A confirmation mail is sent at once.

Please quote your manuscript number in any correspondence.""",
    ),
    "receipt": (
        """编辑部收到稿件后进行形式审查（初审），通过后发出收稿回执，注明稿件编号和收稿日期，并附可打印的 PDF 回执。

形式不符合要求的稿件将退回作者修改后重新提交，稿件编号不变。

[[review-process]]

作者可随时登录系统查看稿件状态和往来信件。""",
        """After a manuscript arrives the editorial office makes a formal check (desk check). When it passes, a receipt notice with the manuscript number and the received date is sent, with a printable PDF.

A manuscript that does not follow the format is returned to the author to fix and resubmit under the same number.

[[review-process]]

Authors can log in at any time to follow their manuscript and read every letter.""",
    ),
    "databases": (
        """本刊已被以下数据库收录（示例）：

- 中国知网（CNKI）中国学术期刊网络出版总库
- 万方数据知识服务平台
- 维普中文科技期刊数据库
- 超星期刊域出版平台

作者投稿即视为同意本刊将论文在上述数据库中传播。""",
        """The journal is indexed in these databases (demo list):

- CNKI China Academic Journals
- Wanfang Data
- VIP Chinese Sci-Tech Periodicals
- Chaoxing Journals

By submitting, authors agree that their article may be distributed through these databases.""",
    ),
    "columns": (
        """本刊设置以下栏目，投稿时请选择最合适的栏目。各栏目的篇幅上限见下表。""",
        """The journal has these columns; choose the one that fits your manuscript best. The length limit of each column is in the table.""",
    ),
}


@demo_loader(order=10)
def load_journal_profile() -> list[str]:
    journal = get_journal()
    journal.sponsor_zh = "河北省高等学校图书情报工作委员会"
    journal.sponsor_en = "Hebei Committee for University Library and Information Work"
    journal.contact_email = "office@demo.kanwu"
    existing = set(db.session.scalars(select(GuidelinePage.slug)))
    for position, (slug, title_zh, title_en) in enumerate(GUIDELINE_PAGES):
        if slug in existing:
            continue
        body_zh, body_en = PAGES[slug]
        db.session.add(GuidelinePage(slug=slug, position=position, title_zh=title_zh,
                                     title_en=title_en, body_zh=body_zh, body_en=body_en))
    existing_columns = set(db.session.scalars(select(Column.slug)))
    for position, (slug, zh, en, dzh, den, limit) in enumerate(COLUMNS):
        if slug not in existing_columns:
            db.session.add(Column(slug=slug, name_zh=zh, name_en=en, description_zh=dzh,
                                  description_en=den, position=position, length_limit_chars=limit))
    return [f"Journal profile, {len(GUIDELINE_PAGES)} guideline pages, {len(COLUMNS)} columns."]
