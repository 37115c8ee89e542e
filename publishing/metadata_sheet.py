"""The metadata workbook Chinese database vendors take a journal's batches in: one row per
article, the headers in Chinese and English. The file is the same bytes for the same data:
its document properties are fixed (publishing.exports gives the moment) and its zip entries
carry that moment, not the time of the export."""

import io
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

COLUMNS = [  # (header, width)
    ("序号 No.", 6), ("文章编号 Article ID", 10), ("中文题名 Title (zh)", 40),
    ("英文题名 Title (en)", 40), ("作者 Authors", 24), ("作者单位 Affiliations", 40),
    ("英文作者 Authors (pinyin)", 24), ("英文单位 Affiliations (en)", 40),
    ("中文摘要 Abstract (zh)", 60), ("英文摘要 Abstract (en)", 60),
    ("中文关键词 Keywords (zh)", 30), ("英文关键词 Keywords (en)", 30),
    ("中图分类号 CLC number", 12), ("文献标识码 Document code", 8), ("基金项目 Funding", 40),
    ("年 Year", 8), ("卷 Volume", 6), ("期 Issue", 6), ("页码 Pages", 10),
    ("出版日期 Published", 12), ("DOI", 28), ("URL", 50), ("PDF 文件 PDF file", 28),
]


def _authors(a: dict, key: str, separator: str) -> str:
    """Names with the number of their affiliation, e.g. 张伟[1]；李娜[2]."""
    return separator.join(f"{au[key] or au['name']}[{au['aff']}]" if au["aff"]
                          else au[key] or au["name"] for au in a["authors"])


def _affiliations(a: dict, lang: str, separator: str) -> str:
    """Numbered affiliations with city and postcode, e.g. [1]河北大学图书馆，保定 071002."""
    comma = "，" if lang == "zh" else ", "
    place = [" ".join(filter(None, (aff["city"], aff["postcode"]))) for aff in a["affiliations"]]
    return separator.join(
        f"[{n}]{aff[lang] or aff['zh']}" + (f"{comma}{where}" if where else "")
        for n, (aff, where) in enumerate(zip(a["affiliations"], place, strict=True), 1))


def _row(seq: int, a: dict, issue: dict, journal: dict, pdf: str) -> list:
    return [
        seq, a["id"], a["title_zh"], a["title_en"], _authors(a, "name", "；"),
        _affiliations(a, "zh", "；"), _authors(a, "pinyin", "; "),
        _affiliations(a, "en", "; "), a["abstract_zh"], a["abstract_en"],
        "；".join(a["keywords_zh"]), "; ".join(a["keywords_en"]), a["clc"], a["doc_code"],
        a["funding"], issue["year"], issue["volume"], issue["number"],
        a["pages"], a["published"],
        a["doi"], journal["base_url"] + a["url"], pdf,
    ]


def repack(data: bytes, moment: datetime) -> bytes:
    """A zip's entries again, in the same order, with `moment` as their time."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return stable_zip([(name, source.read(name)) for name in source.namelist()], moment)


def stable_zip(entries: list[tuple[str, bytes]], moment: datetime) -> bytes:
    """A zip of `entries` in their order, each dated `moment`, readable by everyone (0644):
    nothing in it depends on when or where it was made."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def metadata_workbook(rows: list[tuple[dict, dict, str]], journal: dict, title: str,
                      moment: datetime) -> bytes:
    """The workbook of (article record, issue record, PDF file name) rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "metadata"
    sheet.append([header for header, _width in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for seq, (a, issue, pdf) in enumerate(rows, 1):
        sheet.append(_row(seq, a, issue, journal, pdf))
    for index, (_header, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        if width >= 40:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    props = book.properties
    props.creator = props.lastModifiedBy = journal["name_zh"]
    props.title = title
    props.created = props.modified = moment
    # openpyxl's save() stamps the time of saving: its writer is used directly instead
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return repack(out.getvalue(), moment)
