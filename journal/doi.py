"""The journal's DOIs: the prefix and suffix pattern of its settings make one article's DOI,
and a pattern is checked (and shown on an example) before it is saved."""

import re
from string import Formatter

from flask_babel import lazy_gettext as _l

PLACEHOLDERS = ("year", "volume", "issue", "seq", "id")
# An example article: the first of issue 1 of 2026 (the settings page shows its DOI).
EXAMPLE = {"year": 2026, "volume": 39, "issue": 1, "seq": 1, "id": 42}
PREFIX = re.compile(r"^10\.\d{4,9}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
SUFFIX_CHARS = re.compile(r"^[A-Za-z0-9\-._;()/:]+$")  # Crossref's recommended characters


def pattern_problem(pattern: str):
    """Why `pattern` cannot make DOI suffixes (a translated message), or None."""
    try:
        fields = [(name, spec, conversion)
                  for _text, name, spec, conversion in Formatter().parse(pattern)
                  if name is not None]
    except ValueError:
        return _l("The pattern is not well formed: write each placeholder in a pair of "
                  "braces, as in {year}.")
    for name, _spec, conversion in fields:
        if name not in PLACEHOLDERS or conversion:
            return _l("Unknown placeholder {%(name)s}: use {year}, {volume}, {issue}, {seq} "
                      "or {id}.", name=name)
    if not {"seq", "id"} & {name for name, _s, _c in fields}:
        return _l("The pattern needs {seq} or {id}, so that each article gets its own DOI.")
    try:
        example = pattern.format(**EXAMPLE)
    except ValueError:
        return _l("A placeholder has a format the pattern cannot use; numbers take formats "
                  "like {seq:03d}.")
    if not SUFFIX_CHARS.match(example):
        return _l("A DOI suffix may use only Latin letters, digits and - . _ ; ( ) / :.")
    return None


def make_doi(prefix: str, pattern: str, **values) -> str:
    """The DOI of the article that `values` describe (year, volume, issue, seq, id)."""
    return f"{prefix}/{pattern.format(**values)}"


def example_doi(prefix: str, pattern: str) -> str:
    """The DOI the example article would get, or "" for a pattern that cannot make one."""
    if not prefix or pattern_problem(pattern):
        return ""
    return make_doi(prefix, pattern, **EXAMPLE)


def normalise_doi(text: str) -> str:
    """The DOI in `text` (bare, doi:…, or a doi.org address), or "" when it is not one."""
    value = (text or "").strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
    return value if DOI.match(value) else ""
