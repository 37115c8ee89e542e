"""A corpus of Word manuscripts, one per place an author's identity can hide.

Each builder returns the bytes of a .docx made by python-docx, with raw XML edits where
python-docx cannot write the part (notes, tracked changes, people, customXml, external
relationships). Every document shares the same neutral paper, so a test can check that the
scholarly text survives the cleaning.
"""

import io
import zipfile

from docx import Document
from docx.shared import Pt

TITLE = "高校图书馆数据服务的实践与思考"
BODY = "高校图书馆数据服务的实践表明，用户需求驱动服务创新。"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
IDENTITY_STRINGS = ["张伟", "李娜", "Zhang Wei", "Wei Zhang", "ZhangWei", "Li Na",
                    "zhangwei@hbu.example.org", "lina@hbu.example.org", "河北大学"]


def paper(byline: bool = False, **extra) -> Document:
    """The neutral paper: title, (byline), abstract, keywords, body, references."""
    document = Document()
    document.core_properties.author = "Kanwu"
    document.add_paragraph(TITLE)
    if byline:
        names = document.add_paragraph()
        for name, mark in (("张伟", "1"), ("，", ""), ("李娜", "2")):
            names.add_run(name)
            if mark:
                names.add_run(mark).font.superscript = True
        document.add_paragraph("（1. 河北大学图书馆，河北 石家庄 050000；"
                               "2. 河北大学管理学院，河北 石家庄 050000）")
    document.add_paragraph("摘要：本文以问卷调查分析高校图书馆数据服务的现状。")
    document.add_paragraph("关键词：数据服务；高校图书馆")
    document.add_paragraph("1 引言")
    document.add_paragraph(BODY)
    for text in extra.get("body", []):
        document.add_paragraph(text)
    document.add_paragraph("参考文献")
    document.add_paragraph("[1] 王明. 数据服务研究[J]. 图书情报工作, 2020(1): 1-5.")
    return document


def save(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def edit(data: bytes, changes: dict, content_types: list[str] = ()) -> bytes:
    """Rewrite parts: a value is new bytes, or a function of the old text; content_types are
    Override/Default elements added to [Content_Types].xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    for name, change in changes.items():
        parts[name] = (change(parts[name].decode()).encode() if callable(change)
                       else change.encode() if isinstance(change, str) else change)
    if content_types:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace(
            "</Types>", "".join(content_types) + "</Types>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


def add_relationship(xml: str, rid: str, rel_type: str, target: str, external=False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return xml.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{RELS}/{rel_type}" '
                                           f'Target="{target}"{mode}/></Relationships>')


def in_body(xml: str, fragment: str) -> str:
    """Insert WordprocessingML right before the paragraph holding BODY."""
    start = xml.rfind("<w:p>", 0, xml.index(BODY))
    return xml[:start] + fragment + xml[start:]


def paragraph(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _notes(kind: str, text: str) -> bytes:
    """Footnotes or endnotes: the separators Word needs, then one note naming the author."""
    tag = kind[:-1]
    separators = "".join(
        f'<w:{tag} w:type="{t}" w:id="{i}"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        for i, t in ((-1, "separator"), (0, "continuationSeparator")))
    note = f'<w:{tag} w:id="1"><w:p>{run(text)}</w:p></w:{tag}>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f"<w:{kind} {W}>{separators}{note}</w:{kind}>")


def with_note(kind: str, text: str) -> bytes:
    data = save(paper())
    tag = kind[:-1]
    content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
    return edit(data, {
        f"word/{kind}.xml": _notes(kind, text),
        "word/_rels/document.xml.rels": lambda x: add_relationship(x, "rIdNote", kind,
                                                                   f"{kind}.xml"),
        "word/document.xml": lambda x: x.replace(
            BODY, BODY + f'</w:t></w:r><w:r><w:{tag}Reference w:id="1"/></w:r><w:r><w:t>', 1),
    }, [f'<Override PartName="/word/{kind}.xml" ContentType="{content_type}"/>'])


def body_sentence() -> bytes:
    return save(paper(body=["笔者（张伟）在前期研究中指出，服务需要评估。"]))


def split_runs() -> bytes:
    document = paper()
    split = document.add_paragraph("前期研究见")
    for piece in ("张", " ", "伟", "的调查。"):
        split.add_run(piece).font.size = Pt(12)
    return save(document)


def table_cell() -> bytes:
    document = paper()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "调查员"
    table.cell(1, 0).text = "李娜"
    table.cell(1, 1).text = "河北大学管理学院"
    return save(document)


def header() -> bytes:
    document = paper()
    document.sections[0].header.paragraphs[0].text = "张伟 投稿稿件 第一稿"
    return save(document)


def footer() -> bytes:
    document = paper()
    document.sections[0].footer.paragraphs[0].text = "通信地址：zhangwei@hbu.example.org"
    return save(document)


def acknowledgement() -> bytes:
    return save(paper(body=["致谢", "感谢河北大学图书馆各位同事提供的数据支持。"]))


def funding() -> bytes:
    return save(paper(body=["基金项目：河北省社会科学基金项目“高校数据服务”（HB20TQ001）"
                            "主持人李娜。"]))


def biography() -> bytes:
    return save(paper(body=["作者简介：张伟（1985—），男，副研究馆员，研究方向为数据服务。"]))


def pinyin_orders() -> bytes:
    return save(paper(body=["As Zhang Wei (2019) and Wei Zhang et al. (2020) showed, "
                            "ZHANG W. and Zhang, W. agree; see also ZhangWei2021."]))


def email_address() -> bytes:
    return save(paper(body=["数据可向作者索取：lina@hbu.example.org。"]))


def english_byline() -> bytes:
    return save(paper(body=["Practice of Data Services in University Libraries",
                            "ZHANG Wei1, LI Na2",
                            "(1. Library of Hebei University, Baoding 071002, China)",
                            "Abstract: A survey of data services."]))


def unlisted_coauthor() -> bytes:
    """A byline naming someone the system does not know: the whole line still goes."""
    document = Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("王芳¹，赵强²")
    document.add_paragraph("摘要：本文以问卷调查分析高校图书馆数据服务的现状。")
    document.add_paragraph(BODY)
    return save(document)


def tracked_insertion() -> bytes:
    fragment = paragraph('<w:ins w:id="11" w:author="张伟" w:date="2026-01-01T00:00:00Z">'
                         + run("修订时新增的论证段落。") + "</w:ins>")
    return edit(save(paper()), {"word/document.xml": lambda x: in_body(x, fragment)})


def tracked_deletion() -> bytes:
    fragment = paragraph(run("本段保留。") + '<w:del w:id="12" w:author="Li Na" '
                         'w:date="2026-01-01T00:00:00Z"><w:r><w:delText>（作者张伟，河北大学图书馆）'
                         "</w:delText></w:r></w:del>")
    return edit(save(paper()), {"word/document.xml": lambda x: in_body(x, fragment)})


def comment() -> bytes:
    document = paper()
    target = next(p for p in document.paragraphs if p.text == BODY)
    document.add_comment(target.runs, text="张伟：这里的数据需要核对", author="张伟", initials="ZW")
    return save(document)


def __getattr__(name: str):
    """`corpus_docx.DOCX_CASES`: the registry lives with the package cases (which import this
    module), and is found here too."""
    if name == "DOCX_CASES":
        from tests.review.corpus_docx_package import DOCX_CASES

        return DOCX_CASES
    raise AttributeError(name)
