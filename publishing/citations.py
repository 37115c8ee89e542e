"""How to cite an article: GB/T 7714-2015, APA 7, BibTeX and RIS, from its site record (with
its DOI when it has one)."""

import re


def _issue_part(issue: dict | None) -> tuple[str, str, str]:
    if not issue:
        return "", "", ""
    return str(issue["year"]), str(issue["volume"]), str(issue["number"])


def _initials(pinyin: str, name: str) -> str:
    """"Zhang Wei" -> "Zhang, W."; an author without pinyin keeps their name as written."""
    parts = pinyin.split()
    if len(parts) < 2:
        return pinyin or name
    given = "-".join(p[0].upper() + "." for p in re.split(r"[-\s]+", " ".join(parts[1:])) if p)
    return f"{parts[0]}, {given}"


def gbt7714(a: dict, issue: dict | None, journal: dict) -> str:
    names = [x["name"] for x in a["authors"]]
    authors = ", ".join(names[:3]) + (", 等" if len(names) > 3 else "")
    year, volume, number = _issue_part(issue)
    year = year or a["published"][:4]
    where = f"{year}, {volume}({number})" if volume else f"{year}({number})" if number else year
    pages = f": {a['pages']}" if a["pages"] else ""
    doi = f" DOI:{a['doi']}" if a["doi"] else ""  # no full stop after a DOI: it has dots
    return f"{authors}. {a['title_zh']}[J]. {journal['name_zh']}, {where}{pages}.{doi}"


def apa(a: dict, issue: dict | None, journal: dict) -> str:
    names = [_initials(x["pinyin"], x["name"]) for x in a["authors"]]
    if len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = names[0] if names else ""
    year, volume, number = _issue_part(issue)
    year = year or a["published"][:4]
    title = a["title_zh"] + (f" [{a['title_en']}]" if a["title_en"] else "")
    where = f", {volume}({number})" if volume else ""
    pages = f", {a['pages'].replace('-', '–')}" if a["pages"] else ""
    return f"{authors} ({year}). {title}. {journal['name_zh']}{where}{pages}. {_link(a, journal)}"


def _link(a: dict, journal: dict) -> str:
    """Where the article is found: its DOI as an address when it has one."""
    return f"https://doi.org/{a['doi']}" if a["doi"] else journal["base_url"] + a["url"]


def _bib(value: str) -> str:
    return re.sub(r"[{}\\]", "", str(value))


def bibtex(a: dict, issue: dict | None, journal: dict) -> str:
    year, volume, number = _issue_part(issue)
    fields = [
        ("title", a["title_zh"]),
        ("author", " and ".join(x["name"] for x in a["authors"])),
        ("journal", journal["name_zh"]),
        ("year", year or a["published"][:4]),
        ("volume", volume),
        ("number", number),
        ("pages", a["pages"].replace("-", "--")),
        ("keywords", ", ".join(a["keywords_zh"])),
        ("issn", journal["issn"]),
        ("doi", a["doi"]),
        ("url", journal["base_url"] + a["url"]),
        ("language", "chinese"),
    ]
    body = ",\n".join(f"  {k} = {{{_bib(v)}}}" for k, v in fields if v)
    return f"@article{{hbkjty{a['published'][:4]}_{a['id']},\n{body}\n}}\n"


def ris(a: dict, issue: dict | None, journal: dict) -> str:
    year, volume, number = _issue_part(issue)
    lines = [("TY", "JOUR"), ("TI", a["title_zh"])]
    if a["title_en"]:
        lines.append(("TT", a["title_en"]))
    lines += [("AU", x["name"]) for x in a["authors"]]
    lines += [("JO", journal["name_zh"]), ("PY", year or a["published"][:4]),
              ("DA", a["published"].replace("-", "/")), ("VL", volume), ("IS", number),
              ("SP", str(a["page_start"] or "")), ("EP", str(a["page_end"] or "")),
              ("SN", journal["issn"])]
    lines += [("KW", k) for k in a["keywords_zh"]]
    lines += [("AB", a["abstract_zh"]), ("DO", a["doi"]), ("UR", journal["base_url"] + a["url"]),
              ("LA", "zh"), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n"
                   for tag, value in lines if value or tag == "ER")


def all_styles(a: dict, issue: dict | None, journal: dict) -> dict[str, str]:
    return {"gbt7714": gbt7714(a, issue, journal), "apa": apa(a, issue, journal),
            "bibtex": bibtex(a, issue, journal), "ris": ris(a, issue, journal)}
