"""Guideline compliance checks: read the manuscript file and check it against the journal's
machine-readable rules (journal.models.Journal) and the column's length limit.

A report is a plain dict (stored as JSON on the manuscript): the items checked, each with a
level (hard rules block the submission, soft rules warn), and what was found in the file
(title, abstract, keywords, 中图分类号, 文献标识码) so the wizard can offer to pre-fill them.
"""

import re
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.clock import utcnow
from journal.guidance import guidance_marker
from journal.models import get_journal
from submission.pdftext import join

HARD = "hard"
SOFT = "soft"

_LABEL = r"\s*[【\[〔]?\s*{}\s*[】\]〕]?\s*[:：]?\s*"
ABSTRACT_ZH = re.compile(_LABEL.format(r"摘\s*要") + r"(.*)$", re.S)
ABSTRACT_EN = re.compile(_LABEL.format(r"abstract") + r"(.*)$", re.S | re.I)
KEYWORDS_ZH = re.compile(_LABEL.format(r"关\s*键\s*[词字]") + r"(.*)$", re.S)
KEYWORDS_EN = re.compile(_LABEL.format(r"key\s*words?") + r"(.*)$", re.S | re.I)
REFERENCES = re.compile(
    r"^\s*[【\[]?\s*(参\s*考\s*文\s*献|references)\s*[】\]]?\s*[:：]?\s*$", re.I
)
CLC = re.compile(r"中图分类号\s*[:：]\s*([A-Z][0-9A-Z.\-/;；]*)")
DOC_CODE = re.compile(r"文献标识码\s*[:：]\s*([A-EZ])\b")
REF_NUMBER = re.compile(r"^\s*[\[［](\d+)[\]］]")
# GB/T 7714 document type codes: [J] journal, [M] book, [C] proceedings, [D] thesis, ...
REF_TYPE = re.compile(r"\[(?:J|M|C|D|R|N|S|P|G|Z|A|CP|DB|EB|DS|CM|[A-Z]{1,2}/OL)\]")
KEYWORD_SPLIT = re.compile(r"[;；,，、]+|\s{2,}")


@dataclass
class Found:
    title: str = ""
    title_en: str = ""
    abstract: str = ""
    abstract_en: str = ""
    keywords: list[str] = field(default_factory=list)
    keywords_en: list[str] = field(default_factory=list)
    clc_number: str = ""
    document_code: str = ""
    references: list[str] = field(default_factory=list)
    has_references_heading: bool = False
    length: int = 0


def _split_keywords(text: str) -> list[str]:
    return [k.strip(" .。") for k in KEYWORD_SPLIT.split(text) if k.strip(" .。")]


def count_chars(text: str) -> int:
    """Characters as Chinese journals count them: everything except white space."""
    return len(re.sub(r"\s+", "", text))


def read_parts(paragraphs: list[str]) -> Found:
    """Find title, abstract, keywords, codes and references in the paragraphs of a file."""
    found = Found()
    lines = [p.strip() for p in paragraphs]
    body: list[str] = []
    in_references = False
    for line in lines:
        if not line:
            continue
        if in_references:
            _add_reference(found.references, line)
            continue
        if REFERENCES.match(line):
            in_references = found.has_references_heading = True
            continue
        body.append(line)
        if not found.title:
            found.title = line
        elif (m := ABSTRACT_ZH.match(line)) and not found.abstract:
            found.abstract = m.group(1).strip()
        elif (m := KEYWORDS_ZH.match(line)) and not found.keywords:
            found.keywords = _split_keywords(m.group(1))
        elif (m := ABSTRACT_EN.match(line)) and not found.abstract_en:
            found.abstract_en = m.group(1).strip()
        elif (m := KEYWORDS_EN.match(line)) and not found.keywords_en:
            found.keywords_en = _split_keywords(m.group(1))
        if (m := CLC.search(line)) and not found.clc_number:
            found.clc_number = m.group(1)
        if (m := DOC_CODE.search(line)) and not found.document_code:
            found.document_code = m.group(1)
    # An English title usually directly precedes the English abstract.
    for i, line in enumerate(body):
        if ABSTRACT_EN.match(line) and i > 0 and not KEYWORDS_ZH.match(body[i - 1]):
            candidate = body[i - 1]
            if not re.search(r"[\u4e00-\u9fff]", candidate) and len(candidate) < 300:
                found.title_en = candidate
            break
    found.length = sum(count_chars(line) for line in body)
    return found


FRONT_LABELS = [ABSTRACT_ZH, KEYWORDS_ZH, ABSTRACT_EN, KEYWORDS_EN,
                re.compile(r"\s*[【\[]?\s*(中图分类号|文献标识码|文章编号|DOI|基金项目|作者简介|收稿日期)",
                           re.I)]
FRONT_WINDOW = 40  # the front matter sits in the opening paragraphs


def body_start(paragraphs: list[str]) -> int:
    """The index of the first paragraph after the front matter (title, byline, 摘要, 关键词,
    codes, English title and abstract): the paragraph after the last labelled front-matter
    line among the opening paragraphs; 0 when the file has no front matter."""
    last = -1
    for index, text in enumerate(paragraphs[:FRONT_WINDOW]):
        if any(label.match(text.strip()) for label in FRONT_LABELS):
            last = index
    return last + 1


def _add_reference(references: list[str], line: str) -> None:
    """A numbered list is split by its numbers [n], not by lines or paragraphs: a line without
    a number continues the entry above it (a wrapped entry in a PDF, a broken paragraph)."""
    numbered = bool(references) and REF_NUMBER.match(references[0])
    if numbered and not REF_NUMBER.match(line):
        references[-1] = join(references[-1], line)
    else:
        references.append(line)


MESSAGES = {
    "title_length": _l("Title: %(actual)s characters (the journal asks for at most %(limit)s)."),
    "abstract_present": _l("Abstract: a paragraph starting with “摘要” was not found."),
    "abstract_length": _l("Abstract: %(actual)s characters (the journal asks for "
                          "%(min)s–%(max)s)."),
    "keywords_count": _l("Keywords: %(actual)s found after “关键词” (the journal asks for "
                         "%(min)s–%(max)s)."),
    "length": _l("Length: %(actual)s characters (the limit of the column is %(limit)s)."),
    "references_present": _l("References: a “参考文献” section with at least one entry "
                             "was not found."),
    "references_numbered": _l("References: entries must be numbered [1], [2], … in order "
                              "(GB/T 7714); first problem at entry %(position)s: “%(entry)s”."),
    "references_type": _l("References: %(count)s entries have no GB/T 7714 document type code "
                          "such as [J], [M] or [EB/OL] (first: “%(entry)s”)."),
    "english_metadata": _l("No English abstract (“Abstract:”) was found in the file."),
}
OK_MESSAGES = {
    "title_length": _l("Title: %(actual)s characters, within the limit of %(limit)s."),
    "abstract_present": _l("Abstract found."),
    "abstract_length": _l("Abstract: %(actual)s characters, within %(min)s–%(max)s."),
    "keywords_count": _l("Keywords: %(actual)s, within %(min)s–%(max)s."),
    "length": _l("Length: %(actual)s characters, within the column's limit of %(limit)s."),
    "references_present": _l("References: %(count)s entries found."),
    "references_numbered": _l("References are numbered [1], [2], … in order."),
    "references_type": _l("Every reference has a GB/T 7714 document type code."),
    "english_metadata": _l("English abstract found."),
}


# Which rules block a submission and which only warn: the checker, the checklist page and the
# report all read this one table.
LEVELS = {
    "abstract_present": HARD, "keywords_count": HARD, "length": HARD,
    "references_present": HARD, "references_numbered": HARD,
    "title_length": SOFT, "abstract_length": SOFT, "references_type": SOFT,
    "english_metadata": SOFT,
}
RULES = {
    "title_length": _l("Title of at most %(limit)s characters."),
    "abstract_present": _l("An abstract, after “摘要：”."),
    "abstract_length": _l("Abstract of %(min)s–%(max)s characters."),
    "keywords_count": _l("%(min)s–%(max)s keywords, after “关键词：”."),
    "length": _l("Length within the column's limit (%(limit)s characters)."),
    "references_present": _l("A “参考文献” section with at least one entry."),
    "references_numbered": _l("References numbered [1], [2], … in order (GB/T 7714)."),
    "references_type": _l("A GB/T 7714 document type code such as [J], [M] or [EB/OL] in "
                          "every reference."),
    "english_metadata": _l("An English abstract, after “Abstract:”."),
}


def length_limit(journal, column) -> int:
    return (column.length_limit_chars if column is not None else None) or \
        journal.length_limit_chars


def rules_for(journal, column) -> dict[str, list[str]]:
    """The rules as sentences, grouped by level: {"hard": [...], "soft": [...]}."""
    params = {"limit": journal.title_max_chars, "min": journal.abstract_min_chars,
              "max": journal.abstract_max_chars}
    special = {"keywords_count": {"min": journal.keywords_min, "max": journal.keywords_max},
               "length": {"limit": length_limit(journal, column)}}
    grouped: dict[str, list[str]] = {HARD: [], SOFT: []}
    for code, text in RULES.items():
        grouped[LEVELS[code]].append(str(text) % special.get(code, params))
    return grouped


@guidance_marker("[[checked-rules]]", page="guidelines")
def rules_markdown(lang: str) -> str:
    """The rules as the 征稿要求 page shows them (the checklist shows the same table)."""
    with force_locale("en" if lang == "en" else "zh_CN"):
        rules = rules_for(get_journal(), None)
        return "\n".join([
            f"### {_('Checked automatically before you submit')}", "",
            _("These rules must be met, or the manuscript cannot be submitted:"), "",
            *(f"- {rule}" for rule in rules[HARD]), "",
            _("These are checked too, and give a warning you can see before submitting; the "
              "editors may ask you to correct them:"), "",
            *(f"- {rule}" for rule in rules[SOFT]),
        ])


def _item(code: str, passed: bool, **params) -> dict:
    return {"code": code, "level": LEVELS[code], "passed": bool(passed), "params": params}


def check_found(found: Found, journal, column) -> list[dict]:
    limit = length_limit(journal, column)
    title_len = count_chars(found.title)
    abstract_len = count_chars(found.abstract)
    items = [
        _item("title_length", title_len <= journal.title_max_chars,
              actual=title_len, limit=journal.title_max_chars),
        _item("abstract_present", bool(found.abstract)),
        _item("abstract_length",
              journal.abstract_min_chars <= abstract_len <= journal.abstract_max_chars,
              actual=abstract_len, min=journal.abstract_min_chars, max=journal.abstract_max_chars),
        _item("keywords_count",
              journal.keywords_min <= len(found.keywords) <= journal.keywords_max,
              actual=len(found.keywords), min=journal.keywords_min, max=journal.keywords_max),
        _item("length", found.length <= limit, actual=found.length, limit=limit),
        _item("references_present", bool(found.references), count=len(found.references)),
    ]
    if found.references:
        position, entry = _first_misnumbered(found.references)
        items.append(_item("references_numbered", position is None,
                           position=position, entry=(entry or "")[:60]))
        untyped = [r for r in found.references if not REF_TYPE.search(r)]
        items.append(_item("references_type", not untyped, count=len(untyped),
                           entry=(untyped[0] if untyped else "")[:60]))
    items.append(_item("english_metadata", bool(found.abstract_en)))
    return items


def _first_misnumbered(references: list[str]) -> tuple[int | None, str | None]:
    for position, entry in enumerate(references, start=1):
        m = REF_NUMBER.match(entry)
        if m is None or int(m.group(1)) != position:
            return position, entry
    return None, None


def build_report(paragraphs: list[str], journal, column, file_id: int | None) -> dict:
    found = read_parts(paragraphs)
    return {
        "file_id": file_id,
        "checked_at": utcnow().isoformat(timespec="seconds"),
        "items": check_found(found, journal, column),
        "found": {
            "title_zh": found.title, "title_en": found.title_en,
            "abstract_zh": found.abstract, "abstract_en": found.abstract_en,
            "keywords_zh": found.keywords, "keywords_en": found.keywords_en,
            "clc_number": found.clc_number, "document_code": found.document_code,
        },
    }


def describe(item: dict) -> str:
    table = OK_MESSAGES if item["passed"] else MESSAGES
    return str(table[item["code"]]) % item["params"]


def blocking_items(report: dict) -> list[dict]:
    return [i for i in report.get("items", []) if i["level"] == HARD and not i["passed"]]


def warning_items(report: dict) -> list[dict]:
    return [i for i in report.get("items", []) if i["level"] == SOFT and not i["passed"]]
