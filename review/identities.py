"""Who the authors are, as text a copy might contain, and where that text occurs.

`Identities` gathers every written form of the authors: Han names as typed, their pinyin in
both orders with and without spaces and as initials, e-mail addresses, affiliations and their
institution parts. `Matcher` turns them into patterns that tolerate the whitespace Word and
PDF extraction put between Han characters, and finds non-overlapping occurrences; the
cleaner masks them and the detector reports them.
"""

import functools
import itertools
import re
from dataclasses import dataclass

from pypinyin import Style, pinyin

# Whitespace (incl. ideographic and zero-width) that may sit between any two characters.
GAP = r"[\s\u3000\u00a0\u200b\u200c\u200d\ufeff]*"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_EDGE_BEFORE = r"(?<![A-Za-z])"  # "ZHANG Wei1": a footnote digit is an edge
LATIN_EDGE_AFTER = r"(?![A-Za-z])"
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
COMPOUND_SURNAMES = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "令狐", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "闻人", "东郭", "澹台",
    "万俟", "濮阳", "申屠", "太史", "钟离", "公冶", "赫连", "宗政", "第五", "拓跋"}
# The institution a longer affiliation starts with: "河北大学" of "河北大学图书馆".
INSTITUTION = re.compile(
    r"^.{2,}?(?:大学|学院|研究院|研究所|科学院|社会科学院|党校|图书馆|出版社|公司|医院)")
INSTITUTION_EN = re.compile(
    r"\b(?:University|College|Institute|Academy|Library|School|Hospital|Company)\b", re.I)
UNIT_WORD = re.compile(
    r"大学|学院|研究|馆|所|中心|系|公司|医院|学校|党校|University|College|Institut|Academy|"
    r"Library|School|Department|Cent(?:er|re)|Hospital|Company|Faculty", re.I)
MIN_AFFILIATION_HAN = 4   # "图书馆" alone would match every paper of a library journal
MIN_AFFILIATION_LATIN = 10
MARKS = {"name": "【作者】", "email": "【邮箱】", "affiliation": "【单位】"}


@dataclass(frozen=True)
class Identities:
    """Everything that identifies the authors of one manuscript."""

    names: tuple[str, ...] = ()
    pinyin: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()

    @classmethod
    def of(cls, manuscript) -> "Identities":
        """The identities of the manuscript's authors, of their accounts (a profile may spell
        a name or an affiliation differently) and of its submitter."""
        from accounts.models import User
        from core.extensions import db

        people = list(manuscript.authors)
        people += [db.session.get(User, a.user_id) for a in manuscript.authors
                   if getattr(a, "user_id", None)]
        people.append(getattr(manuscript, "submitter", None))
        return cls.from_people([p for p in people if p is not None])

    @classmethod
    def from_people(cls, people) -> "Identities":
        """From objects with name, name_pinyin, email, affiliation (affiliation_en optional)."""
        names, forms, emails, affiliations = [], [], [], []
        for person in people:
            name = (getattr(person, "name", "") or "").strip()
            typed = (getattr(person, "name_pinyin", "") or "").strip()
            if name:
                names.append(name)
            forms += pinyin_forms(name, typed)
            if getattr(person, "email", ""):
                emails.append(person.email.strip())
            for field in ("affiliation", "affiliation_en"):
                affiliations += affiliation_parts(getattr(person, field, "") or "")
        return cls(_unique(names), _unique(forms), _unique(emails), _unique(affiliations))

    def __bool__(self) -> bool:
        return bool(self.names or self.pinyin or self.emails or self.affiliations)


def _unique(values) -> tuple[str, ...]:
    seen, out = set(), []
    for value in values:
        key = re.sub(r"\s+", " ", value).strip().casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(value.strip())
    return tuple(out)


def _romanisations(syllable: str) -> list[str]:
    """ü is written lv, lu, lyu or lü in the wild (吕: Lv, Lu, Lyu)."""
    if "v" not in syllable:
        return [syllable]
    return [syllable.replace("v", x) for x in ("v", "u", "yu", "ü")]


def split_han_name(name: str) -> tuple[str, str] | None:
    """(surname, given name) of a Han name of two or more characters, else None."""
    if len(name) < 2 or not all(HAN.match(c) for c in name):
        return None
    cut = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:cut], name[cut:]


def pinyin_forms(name: str, typed: str = "") -> list[str]:
    """Every written form of a name in Latin letters: 'Zhang San', 'San Zhang', 'ZhangSan',
    'Zhang, S.', 'S. Zhang', and the pinyin as the author typed it."""
    pairs = []  # (surname syllables, given syllables)
    split = split_han_name(name.replace(" ", ""))
    if split:
        surname, given = split
        surname_readings = [[r for r in pinyin(c, heteronym=True, style=Style.NORMAL)[0]]
                            for c in surname]
        given_syllables = [p[0] for p in pinyin(given, style=Style.NORMAL)]
        for readings in itertools.islice(itertools.product(*surname_readings), 6):
            for first in _romanisations(readings[0]):
                pairs.append(([first, *readings[1:]], given_syllables))
    elif name and not HAN.search(name):
        typed = typed or name  # a Western name as typed
    words = re.split(r"[\s,，]+", typed.strip()) if typed else []
    if len(words) >= 2:
        surname_first = bool(split) or typed.split()[0].isupper()
        if surname_first:
            pairs.append((words[:1], words[1:]))
        else:
            pairs.append((words[-1:], words[:-1]))
    forms = []
    for surname_parts, given_parts in pairs:
        surname = "".join(surname_parts).capitalize()
        given = "".join(given_parts).capitalize()
        if len(surname + given) < 4:
            continue
        forms += [f"{surname} {given}", f"{given} {surname}", f"{surname}{given}"]
        for initials in dict.fromkeys([".".join(g[0].upper() for g in given_parts if g) + ".",
                                       given[:1].upper() + "."]):
            forms += [f"{surname}, {initials}", f"{surname} {initials}", f"{initials} {surname}"]
    return forms


def affiliation_parts(affiliation: str) -> list[str]:
    """The affiliation as typed, its comma-separated pieces, and its institution, each only
    where long enough not to match ordinary text."""
    parts = [affiliation.strip()]
    for piece in re.split(r"[,，;；、/]", affiliation):
        piece = piece.strip(" ()（）")
        if not UNIT_WORD.search(piece):
            continue  # a city or a country alone is no identity
        parts.append(piece)
        han = INSTITUTION.match(re.sub(r"\s+", "", piece))
        if han:
            parts.append(han.group(0))
        latin = INSTITUTION_EN.search(piece)
        if latin and not HAN.search(piece):
            parts.append(piece[:latin.end()].strip())
    return [p for p in parts if _long_enough(p)]


def _long_enough(text: str) -> bool:
    han = len(HAN.findall(text))
    if han:
        return han >= MIN_AFFILIATION_HAN
    return len(text.replace(" ", "")) >= MIN_AFFILIATION_LATIN


@dataclass(frozen=True)
class Found:
    """One occurrence in a text: the span, the text matched, and what kind of identity it is."""

    start: int
    end: int
    value: str
    kind: str


def _pattern_of(text: str) -> str:
    """A pattern for text that tolerates whitespace between characters and around
    punctuation, and does not match inside a longer Latin word."""
    pieces = []
    for word in re.split(r"\s+", text.strip()):
        pieces.append(GAP.join(re.escape(c) for c in word))
    body = r"[\s\u3000]*".join(pieces) if len(pieces) > 1 else pieces[0]
    if re.search(r"[A-Za-z0-9]", text[:1]):
        body = LATIN_EDGE_BEFORE + body
    if re.search(r"[A-Za-z0-9.]", text[-1:]):
        body = body + LATIN_EDGE_AFTER
    return body


class Matcher:
    """Compiled patterns of one set of identities."""

    def __init__(self, identities: Identities, every_email: bool = False):
        self.patterns: list[tuple[str, re.Pattern]] = []
        for kind, values in (("email", identities.emails), ("name", identities.names),
                             ("name", identities.pinyin),
                             ("affiliation", identities.affiliations)):
            for value in values:
                if kind == "name" and HAN.search(value) and len(value.replace(" ", "")) < 2:
                    continue  # one character alone is no name
                self.patterns.append((kind, re.compile(_pattern_of(value), re.I)))
        if every_email:  # the cleaner masks any address; the detector reports the authors'
            self.patterns.append(("email", EMAIL))
        # One pass over a text tells whether any pattern can match: most texts of a package
        # (styles, ids, numbers) are ruled out at once.
        self.any = re.compile("|".join(f"(?:{p.pattern})" for _, p in self.patterns) or "(?!)",
                              re.I)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    @staticmethod
    @functools.lru_cache(maxsize=64)
    def of(identities: Identities, every_email: bool = False) -> "Matcher":
        """A matcher per set of identities, compiled once (a gate checks many copies)."""
        return Matcher(identities, every_email)

    def any_in(self, root) -> bool:
        """Whether any text or attribute value of an XML tree may hold an occurrence: one
        search over the whole part before searching it element by element."""
        if not self.patterns:
            return False
        texts, values = [], []  # texts apart, so a name split over runs stays whole
        for element in root.iter():
            if element.text:
                texts.append(element.text)
            if isinstance(element.tag, str):
                values.extend(element.attrib.values())
        return bool(self.any.search("".join(texts)) or self.any.search("\n".join(values)))

    def find(self, text: str) -> list[Found]:
        """Non-overlapping occurrences, earliest first, the longest where two start together."""
        if not text or not self.patterns or not self.any.search(text):
            return []
        spans = [Found(m.start(), m.end(), m.group(0), kind)
                 for kind, pattern in self.patterns for m in pattern.finditer(text)
                 if m.end() > m.start()]
        spans.sort(key=lambda f: (f.start, -(f.end - f.start)))
        chosen, end = [], -1
        for found in spans:
            if found.start >= end:
                chosen.append(found)
                end = found.end
        return chosen

    def mask(self, text: str) -> str:
        """The text with every occurrence replaced by its neutral mark."""
        for found in reversed(self.find(text)):
            text = text[:found.start] + MARKS[found.kind] + text[found.end:]
        return text


def context(text: str, found: Found, width: int = 30) -> str:
    """About `width` characters either side of an occurrence, on one line."""
    before = text[max(0, found.start - width):found.start]
    after = text[found.end:found.end + width]
    return re.sub(r"\s+", " ", f"{before}{found.value}{after}").strip()
