"""Realistic, deterministic metadata for the benchmarks: Chinese and English titles, abstracts,
keywords, names, affiliations — and docx manuscripts made on the fly with python-docx.

Everything is drawn from a `random.Random` that the caller seeds, so the same seed gives the
same data.
"""

import io
import random
import struct
import zlib

from pypinyin import Style, lazy_pinyin

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉波宁斌宇浩凯健俊帆帅旭文博佳琳晨欣怡雪梦婷雨涵子轩梓涵一诺思远嘉懿"

INSTITUTIONS = [
    ("河北大学图书馆", "Hebei University Library", "保定", "071002"),
    ("河北师范大学图书馆", "Hebei Normal University Library", "石家庄", "050024"),
    ("燕山大学图书馆", "Yanshan University Library", "秦皇岛", "066004"),
    ("河北工业大学图书馆", "Hebei University of Technology Library", "天津", "300401"),
    ("河北科技大学图书馆", "Hebei University of Science and Technology Library", "石家庄", "050018"),
    ("河北农业大学图书馆", "Hebei Agricultural University Library", "保定", "071001"),
    ("河北省图书馆", "Hebei Provincial Library", "石家庄", "050011"),
    ("华北理工大学图书馆", "North China University of Science and Technology Library", "唐山", "063210"),
    ("河北经贸大学信息技术学院", "School of IT, Hebei University of Economics and Business", "石家庄", "050061"),
    ("北京大学信息管理系", "Department of Information Management, Peking University", "北京", "100871"),
    ("武汉大学信息管理学院", "School of Information Management, Wuhan University", "武汉", "430072"),
    ("南京大学信息管理学院", "School of Information Management, Nanjing University", "南京", "210023"),
]

# (Chinese, English) topic words of library and information science.
TOPICS = [
    ("高校图书馆", "university libraries"), ("公共图书馆", "public libraries"),
    ("数字人文", "digital humanities"), ("知识服务", "knowledge services"),
    ("数据素养", "data literacy"), ("信息素养教育", "information literacy education"),
    ("阅读推广", "reading promotion"), ("古籍保护", "preservation of ancient books"),
    ("科研数据管理", "research data management"), ("学科服务", "subject services"),
    ("开放获取", "open access"), ("智慧图书馆", "smart libraries"),
    ("文献计量", "bibliometrics"), ("用户行为", "user behaviour"),
    ("馆藏资源建设", "collection development"), ("特藏数字化", "digitisation of special collections"),
    ("知识图谱", "knowledge graphs"), ("大语言模型", "large language models"),
    ("元数据", "metadata"), ("机构知识库", "institutional repositories"),
    ("文献检索课", "literature retrieval courses"), ("空间再造", "library space redesign"),
]
FRAMES = [
    ("{a}视角下的{b}研究", "{b_en} from the perspective of {a_en}"),
    ("{a}与{b}融合路径探析", "Integrating {a_en} and {b_en}"),
    ("基于{a}的{b}实践", "Practice of {b_en} based on {a_en}"),
    ("{a}中的{b}问题", "Issues of {b_en} in {a_en}"),
    ("{a}驱动的{b}创新", "{a_en}-driven innovation in {b_en}"),
    ("面向{a}的{b}模式", "A model of {b_en} for {a_en}"),
]
SENTENCES_ZH = [
    "目的：探讨{a}在{b}中的作用与实现路径。",
    "方法：采用文献调研、问卷调查与案例分析相结合的方法，选取河北省{n}所高校图书馆为样本。",
    "结果：发现{a}能够显著提升{b}的服务质量与用户满意度，但仍存在资源分散、人员不足等问题。",
    "调查共回收有效问卷{n}00余份，并对其中的典型案例进行了深入访谈。",
    "结论：图书馆应完善顶层设计，加强馆员培训，构建协同共享的服务体系。",
    "研究为同类图书馆开展{b}提供了参考。",
    "本文在梳理国内外相关研究的基础上，提出了可操作的实施框架。",
]
SENTENCES_EN = [
    "Purpose: to examine the role of {a_en} in {b_en} and how it can be realised.",
    "Method: a literature review, a questionnaire survey and case studies of {n} university "
    "libraries in Hebei.",
    "Results: {a_en} clearly improves the quality of {b_en} and user satisfaction, while "
    "scattered resources and staff shortages remain.",
    "Conclusion: libraries should improve planning, train librarians and build shared services.",
]
COLUMNS = [
    ("theory", "理论研究", "Theory"), ("practice", "实践探索", "Practice"),
    ("technology", "技术应用", "Technology"), ("reading", "阅读推广", "Reading promotion"),
    ("resources", "文献资源建设", "Collection development"), ("history", "图书馆史", "Library history"),
    ("encyclopaedia", "科技百科", "Science encyclopaedia"), ("people", "图苑人物", "People"),
]
CLC = ["G250", "G251", "G252", "G253", "G254", "G255", "G258.6", "G250.7", "G252.7", "G350"]


class Corpus:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def person(self) -> dict:
        r = self.rng
        zh = r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))
        syllables = lazy_pinyin(zh, style=Style.NORMAL)
        pinyin = f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"
        inst = r.choice(INSTITUTIONS)
        email = f"{pinyin.replace(' ', '.').lower()}{r.randrange(10_000)}@example.edu.cn"
        return {"name": zh, "name_pinyin": pinyin, "email": email, "affiliation": inst[0], "affiliation_en": inst[1],
                "city": inst[2], "postcode": inst[3]}

    def topic_pair(self):
        a, b = self.rng.sample(TOPICS, 2)
        return {"a": a[0], "b": b[0], "a_en": a[1], "b_en": b[1], "n": self.rng.randint(3, 40)}

    def manuscript(self) -> dict:
        r = self.rng
        words = self.topic_pair()
        frame = r.choice(FRAMES)
        title_zh = frame[0].format(**words)[:20]
        title_en = frame[1].format(**words)
        title_en = title_en[0].upper() + title_en[1:]
        abstract_zh = "".join(s.format(**words) for s in SENTENCES_ZH)
        abstract_en = " ".join(s.format(**words) for s in SENTENCES_EN)
        # 3-6 distinct keywords: the two topics, then others (the journal asks for 3-8).
        others = [t[0] for t in TOPICS if t[0] not in (words["a"], words["b"])]
        keywords = [words["a"], words["b"]] + r.sample(others, r.randint(1, 4))
        keywords_en = [next(en for zh, en in TOPICS if zh == k) for k in keywords]
        return {"title_zh": title_zh, "title_en": title_en, "abstract_zh": abstract_zh,
                "abstract_en": abstract_en, "keywords_zh": keywords, "keywords_en": keywords_en,
                "clc_number": r.choice(CLC), "document_code": "A",
                "funding": f"河北省社会科学基金项目（HB{r.randint(20, 26)}TQ{r.randint(1, 99):03d}）"}

    def body_paragraphs(self, count: int) -> list[str]:
        words = self.topic_pair()
        return ["".join(self.rng.choice(SENTENCES_ZH).format(**words) for _ in range(4))
                for _ in range(count)]


def random_png(rng: random.Random, size_bytes: int) -> bytes:
    """A valid PNG of incompressible noise of about `size_bytes` (to make a docx that big)."""
    width = 512
    height = max(1, size_bytes // (width * 3))
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


def make_docx(meta: dict, authors: list[dict], *, paragraphs: int = 12, pad_to: int = 0,
              rng: random.Random | None = None) -> bytes:
    """A manuscript as a .docx the way Chinese journals ask for it: title, authors, abstract,
    keywords, CLC number, body, numbered GB/T 7714 references; padded with a figure of noise
    to about `pad_to` bytes."""
    from docx import Document
    from docx.shared import Cm

    rng = rng or random.Random(0)
    doc = Document()
    doc.core_properties.author = authors[0]["name"] if authors else ""
    doc.add_heading(meta["title_zh"], level=0)
    doc.add_paragraph("，".join(a["name"] for a in authors))
    doc.add_paragraph("（" + "；".join(f"{a['affiliation']}，{a['city']} {a['postcode']}"
                                      for a in authors) + "）")
    doc.add_paragraph("摘要：" + meta["abstract_zh"])
    doc.add_paragraph("关键词：" + "；".join(meta["keywords_zh"]))
    doc.add_paragraph(f"中图分类号：{meta['clc_number']}　　文献标识码：{meta['document_code']}")
    doc.add_paragraph(meta["title_en"])
    doc.add_paragraph("Abstract: " + meta["abstract_en"])
    doc.add_paragraph("Key words: " + "; ".join(meta["keywords_en"]))
    corpus = Corpus(rng)
    for i, text in enumerate(corpus.body_paragraphs(paragraphs), start=1):
        if i % 4 == 1:
            doc.add_heading(f"{(i + 3) // 4} 研究内容", level=1)
        doc.add_paragraph(text + f"[{(i % 5) + 1}]")
    if pad_to:
        doc.add_paragraph("图1 调查样本分布")
        png = random_png(rng, pad_to)
        doc.add_picture(io.BytesIO(png), width=Cm(12))
    doc.add_heading("参考文献", level=1)
    for i in range(1, 6):
        who = corpus.person()
        doc.add_paragraph(f"[{i}] {who['name']}. {corpus.manuscript()['title_zh']}[J]. "
                          f"图书情报工作, {2015 + i}, {i + 50}({i}): {i * 10}-{i * 10 + 8}.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
