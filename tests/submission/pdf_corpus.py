"""PDF manuscripts made in several ways, each with the reading a person would give it.

The same compliant manuscript (submission.samples) is laid out as a Word export would be (one
column, first-line indents, a wrapped reference list with hanging indents), justified with
spaced paragraphs and no indents, in two columns, and written by a tiny hand-made generator
with a non-embedded CJK font (STSong-Light), positioned line by line as many typesetting
programs do. Fonts: WenQuanYi Micro Hei (Debian's fonts-wqy-microhei).
"""

import html
import io
import re
import zlib

from submission.samples import ABSTRACT, KEYWORDS, SENTENCE, TITLE

REFERENCES = [
    "[1] 张伟, 李娜. 高校图书馆科研数据服务研究: 基于河北省二十所高校的调查与分析[J]. "
    "图书情报工作, 2020, 64(3): 45-52.",
    "[2] 王芳. 数据馆员的能力框架与培养路径研究[M]. 北京: 科学出版社, 2019.",
    "[3] 国家图书馆. 科研数据服务指南与实践案例汇编[EB/OL]. (2021-05-01)[2024-01-01]. "
    "http://example.org/data-services/guide.",
    "[4] 刘洋, 陈静. 高校图书馆数据素养教育的现状、问题与对策研究[J]. 大学图书馆学报, "
    "2021, 39(2): 78-85.",
    "[5] SMITH J, BROWN K. Research data management services in academic libraries: a survey"
    "[J]. College & Research Libraries, 2018, 79(4): 512-530.",
    "[6] 赵敏. 数字人文视野下的图书馆数据服务[M]. 上海: 上海交通大学出版社, 2015.",
]
ABSTRACT_EN = ("This paper studies research data services in university libraries of Hebei "
               "province through a survey of twenty libraries, and proposes ways to improve "
               "data literacy education and the data management platform.")
KEYWORDS_EN = "data services; university library; data librarian; research data"
BODY = [SENTENCE * 6, SENTENCE * 5, SENTENCE * 7]

EXPECTED = {
    "title_zh": TITLE,
    "abstract_zh": ABSTRACT,
    "keywords_zh": [k for k in KEYWORDS.split("；")],
    "abstract_en": ABSTRACT_EN,
    "keywords_en": [k.strip() for k in KEYWORDS_EN.split(";")],
    "clc_number": "G250.7",
    "document_code": "A",
    "references": REFERENCES,
}

STYLES = {
    "word": """p { text-indent: 2em; margin: 0; } p.ref { text-indent: -2em;
               padding-left: 2em; } h1, .front p { text-indent: 0; }""",
    "justified": """p { text-indent: 0; margin: 0 0 0.9em 0; text-align: justify; }""",
    "two-column": """.body { columns: 2; column-gap: 1.2cm; }
                     p { text-indent: 2em; margin: 0; } .front p { text-indent: 0; }
                     p.ref { text-indent: -2em; padding-left: 2em; }""",
}


def _html(style: str) -> str:
    e = html.escape
    front = "".join(f"<p>{e(t)}</p>" for t in [
        "张伟（河北大学图书馆，河北 保定 071002）", "摘要：" + ABSTRACT, "关键词：" + KEYWORDS,
        "中图分类号：G250.7    文献标识码：A", "Data Services in University Libraries",
        "Abstract: " + ABSTRACT_EN, "Key words: " + KEYWORDS_EN])
    body = "".join(f"<p>{e(t)}</p>" for t in BODY)
    refs = "".join(f'<p class="ref">{e(r)}</p>' for r in REFERENCES)
    return f"""<html><head><style>
        @page {{ size: A4; margin: 2.5cm; @bottom-center {{ content: counter(page); }} }}
        body {{ font-family: "WenQuanYi Micro Hei"; font-size: 10.5pt; line-height: 1.6; }}
        h1 {{ font-size: 16pt; text-align: center; }} {STYLES[style]}
        </style></head><body><h1>{e(TITLE)}</h1><div class="front">{front}</div>
        <div class="body">{body}<p style="text-indent:0">参考文献</p>{refs}</div></body></html>"""


def weasyprint_pdf(style: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=_html(style)).write_pdf()


def handmade_pdf() -> bytes:
    """One line per Tj at fixed positions, STSong-Light (not embedded), UTF-16 strings."""
    lines = _wrap_all()
    ops = ["BT /F1 10.5 Tf"]
    y = 800
    for text, x in lines:
        if text is None:
            y -= 10
            continue
        ops.append(f"1 0 0 1 {x} {y} Tm <{text.encode('utf-16-be').hex()}> Tj")
        y -= 16
    ops.append("ET")
    content = zlib.compress("\n".join(ops).encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        b"<< /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content +
        b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 /W [1 95 500] "
        b"/FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 "
        b"880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def _wrap_all() -> list[tuple[str | None, int]]:
    """(text, x) per line; None for a paragraph gap. 40 full-width characters a line."""
    out: list[tuple[str | None, int]] = [(TITLE, 200), (None, 0),
                                         ("张伟（河北大学图书馆，河北 保定 071002）", 150)]
    for text, indent in [("摘要：" + ABSTRACT, 0), ("关键词：" + KEYWORDS, 0),
                         ("中图分类号：G250.7 文献标识码：A", 0),
                         ("Data Services in University Libraries", 0),
                         ("Abstract: " + ABSTRACT_EN, 0), ("Key words: " + KEYWORDS_EN, 0),
                         *[(b, 21) for b in BODY], ("参考文献", 0),
                         *[(r, -1) for r in REFERENCES]]:
        for n, (chunk, x) in enumerate(_lines(text, indent)):
            out.append((chunk, x))
    return out


def _lines(text: str, indent: int) -> list[tuple[str, int]]:
    """Break `text` into lines of 40 full-width units (a Latin character counts half), between
    Han characters or at spaces (never inside a Latin word); an indented line (first-line or
    hanging indent) holds two units less."""
    tokens = re.findall(r"[A-Za-z0-9.,:;()\[\]/&'-]+ ?|.", text)
    lines: list[tuple[str, int]] = []
    line, used = "", 0.0
    for token in tokens:
        offset = indent if not lines and indent > 0 else (21 if indent < 0 and lines else 0)
        cost = sum(1.0 if ord(c) > 0x2e80 else 0.5 for c in token.rstrip())
        if line and used + cost > 40 - offset / 10.5:
            lines.append((line.rstrip(), 72 + offset))
            line, used = "", 0.0
        line += token
        used += cost + (0.5 if token.endswith(" ") else 0)
    offset = indent if not lines and indent > 0 else (21 if indent < 0 and lines else 0)
    return [*lines, (line.rstrip(), 72 + offset)]
