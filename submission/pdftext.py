"""The paragraphs of a PDF manuscript, read from its layout as a person reads them.

A PDF has no paragraphs, only positioned lines. pdfminer.six groups the lines into text boxes
in reading order (columns included); this module joins the lines back into paragraphs:
a line continues the paragraph above it unless that line ended short of the column's right
edge, the new line is indented (a first-line indent), or the new line opens something of its
own (摘要, 关键词, Abstract, a reference number [n], a numbered heading). Running heads and page
numbers are left out. Chinese lines join without a space, Latin lines with one, and a word
hyphenated at a line end is joined again.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass

CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
ENDS_CJK = re.compile(f"[{CJK}]$")
STARTS_CJK = re.compile(f"^[{CJK}]")
OPENS_PARAGRAPH = re.compile(
    r"^\s*(?:[【\[〔]?\s*(?:摘\s*要|关\s*键\s*[词字]|中图分类号|文献标识码|文章编号|基金项目|作者简介|"
    r"参\s*考\s*文\s*献|abstract|key\s*words?|references)\b"
    r"|[\[［]\d+[\]］]"  # a reference entry
    r"|\d+(?:\.\d+)*\s+\S"  # a numbered heading: 1 引言, 2.1 Method
    r")", re.I)
PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(?:\d+|[ivxlc]+)\s*[-–—]?\s*$", re.I)


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    page: int
    box_x0: float
    box_x1: float
    first_in_box: bool
    box_lines: int

    @property
    def char_width(self) -> float:
        return max(1.0, (self.x1 - self.x0) / max(1, len(self.text)))


def lines_of(data: bytes) -> list[Line]:
    """Every text line, page by page, in pdfminer's reading order."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine

    found: list[Line] = []
    # A line margin of 1.2 line heights keeps double-spaced lines in one box; paragraphs
    # spaced further apart start new boxes.
    pages = extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=1.2))
    for number, page in enumerate(pages, 1):
        for box in page:
            if not isinstance(box, LTTextBox):
                continue
            lines = [(" ".join(line.get_text().split()), line) for line in box
                     if isinstance(line, LTTextLine)]
            lines = [(text, line) for text, line in lines if text]
            for index, (text, line) in enumerate(lines):
                found.append(Line(text, line.x0, line.x1, page.height - line.y1, number,
                                  box.x0, box.x1, index == 0, len(lines)))
    return _without_running_heads(found)


def _without_running_heads(lines: list[Line]) -> list[Line]:
    """Page numbers, and lines repeated at the same height on several pages (running heads)."""
    pages = {line.page for line in lines}
    repeated = Counter((line.text, round(line.top)) for line in lines)
    return [line for line in lines
            if not PAGE_NUMBER.match(line.text)
            and not (len(pages) > 1 and repeated[(line.text, round(line.top))] > 1)]


def join(left: str, right: str) -> str:
    if ENDS_CJK.search(left) or STARTS_CJK.search(right):
        return left + right
    if left.endswith("-"):  # a hyphen at a line end is kept: it may belong to the word
        return left + right
    return f"{left} {right}"


def _continues(previous: Line, line: Line) -> bool:
    """Whether `line` carries on the paragraph that `previous` belongs to."""
    if OPENS_PARAGRAPH.match(line.text):
        return False
    if previous.box_lines < 2 or _ended_short(previous, line):
        return False  # a line of its own (a title, a byline), or a paragraph's last line
    if line.x0 > line.box_x0 + 1.2 * line.char_width:
        return False  # a first-line indent
    if line.first_in_box:  # only a page or column break splits a paragraph into two boxes
        return line.page != previous.page or line.top < previous.top
    return True


def _ended_short(previous: Line, line: Line) -> bool:
    """Whether the next line's first word would have fitted at the end of `previous`: then
    the line was broken on purpose, at a paragraph's end (ragged or justified alike)."""
    first = line.text[0] if STARTS_CJK.search(line.text) else line.text.split()[0]
    room = previous.box_x1 - previous.x1
    return room > (len(first) + 1) * previous.char_width


def pdf_paragraphs(data: bytes) -> list[str]:
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in lines_of(data):
        if previous is not None and paragraphs and _continues(previous, line):
            paragraphs[-1] = join(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs
