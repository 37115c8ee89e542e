"""Sample manuscripts as real Word files (python-docx), laid out the way the journal asks:
title, authors, 摘要, 关键词, 中图分类号/文献标识码, English part, body, 参考文献.
Used by the demo content and by the tests and benchmarks."""

import io

TITLE = "高校图书馆数据服务研究"
ABSTRACT = ("目的：探讨高校图书馆开展科研数据服务的路径。"
            "方法：调查河北省二十所高校图书馆的数据服务现状，"
            "分析其服务内容、人员与平台。结果：多数图书馆已开展数据存储与咨询服务，但数据素养教育不足。"
            "结论：高校图书馆应加强数据馆员队伍建设，完善数据管理平台，并与科研管理部门协同，"
            "形成覆盖科研全流程的数据服务体系，以提升服务的深度与广度，更好地支持学校的科研创新与学科建设。"
            "本文的结论可供同类高校图书馆参考借鉴，也可为管理部门制定相关政策提供依据。")
KEYWORDS = "数据服务；高校图书馆；数据馆员；科研数据"
REFERENCES = [
    "[1] 张伟, 李娜. 高校图书馆科研数据服务研究[J]. 图书情报工作, 2020, 64(3): 45-52.",
    "[2] 王芳. 数据馆员的能力框架[M]. 北京: 科学出版社, 2019.",
    "[3] 国家图书馆. 数据服务指南[EB/OL]. (2021-05-01)[2024-01-01]. http://example.org.",
]
SENTENCE = "高校图书馆的数据服务是学术交流体系的重要组成部分。"


def sample_docx(*, title=TITLE, title_en="Data Services in University Libraries",
                abstract=ABSTRACT, keywords=KEYWORDS, body=SENTENCE * 20,
                references=REFERENCES) -> bytes:
    """A manuscript as a .docx; pass None (or []) to leave a part out."""
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    document.add_paragraph("张伟（河北大学图书馆，河北 保定 071002）")
    if abstract is not None:
        document.add_paragraph("摘要：" + abstract)
    if keywords is not None:
        document.add_paragraph("关键词：" + keywords)
    document.add_paragraph("中图分类号：G250.7    文献标识码：A")
    document.add_paragraph(title_en)
    document.add_paragraph("Abstract: This paper studies research data services in university "
                           "libraries of Hebei province.")
    document.add_paragraph("Key words: data services; university library; data librarian")
    document.add_paragraph(body)
    if references:
        document.add_paragraph("参考文献")
        for reference in references:
            document.add_paragraph(reference)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_docx_of_length(chars: int, **parts) -> bytes:
    """A compliant manuscript of about `chars` characters in all."""
    fixed = len(TITLE + ABSTRACT + KEYWORDS) + 150 + sum(len(r) for r in REFERENCES)
    return sample_docx(body=SENTENCE * max(1, (chars - fixed) // len(SENTENCE)), **parts)
