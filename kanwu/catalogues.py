"""Per-package translation catalogues.

Each package P owns `translations/P/`, holding the strings of `P/`, `templates/P/` and
`templates/emails/P/` (the journal shell also owns the shared templates). Source strings are
English; zh_CN is the default UI language and must be complete (a test checks it).

    python -m kanwu.catalogues update   # extract and merge into each zh_CN catalogue
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core.config import PROJECT_ROOT
from kanwu.app import PACKAGES

LOCALE = "zh_Hans_CN"  # what Babel resolves zh_CN to
METHOD_MAP = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.do"}, "**.txt": {"extensions": "jinja2.ext.do"}}
UPDATE_FLAGS = ["--no-fuzzy-matching", "--ignore-obsolete"]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def sources(package: str) -> list[Path]:
    roots = [PROJECT_ROOT / package, PROJECT_ROOT / "templates" / package,
             PROJECT_ROOT / "templates" / "emails" / package]
    if package == "journal":
        roots += [PROJECT_ROOT / "templates" / "errors", PROJECT_ROOT / "templates" / "_shell"]
    return [r for r in roots if r.exists()]


def extracted_ids(package: str) -> set[str]:
    ids: set[str] = set()
    for root in sources(package):
        for _fn, _line, message, _comments, _ctx in extract_from_dir(
            root, METHOD_MAP, OPTIONS, KEYWORDS
        ):
            ids.add(message if isinstance(message, str) else message[0])
        if package == "journal":
            for tmpl in (PROJECT_ROOT / "templates").glob("*.html"):
                with tmpl.open("rb") as fh:
                    from babel.messages.extract import extract

                    for _line, message, _c, _ctx in extract(
                        "jinja2", fh, KEYWORDS, options=OPTIONS["**.html"]
                    ):
                        ids.add(message if isinstance(message, str) else message[0])
    return ids


def catalogue_path(package: str) -> Path:
    return PROJECT_ROOT / "translations" / package / LOCALE / "LC_MESSAGES" / "messages.po"


def read_catalogue(package: str):
    with catalogue_path(package).open("rb") as fh:
        return read_po(fh, locale=LOCALE)


def update(package: str) -> None:
    folder = PROJECT_ROOT / "translations" / package
    folder.mkdir(parents=True, exist_ok=True)
    pot = folder / "messages.pot"
    inputs = [str(p) for p in sources(package)]
    if package == "journal":
        inputs += [str(p) for p in (PROJECT_ROOT / "templates").glob("*.html")]
    bin_dir = Path(sys.executable).parent
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(bin_dir / "pybabel"), "-q", "extract", "-F", str(PROJECT_ROOT / "babel.cfg"),
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "--sort-output",
         "-o", str(pot), *inputs],
        check=True,
    )
    command = "update" if catalogue_path(package).exists() else "init"
    subprocess.run(  # noqa: S603
        [str(bin_dir / "pybabel"), "-q", command, "-i", str(pot), "-d", str(folder),
         "-l", LOCALE, *(UPDATE_FLAGS if command == "update" else [])],
        check=True,
    )
    pot.unlink()


def main(argv: list[str]) -> None:
    if argv[:1] != ["update"]:
        raise SystemExit("usage: python -m kanwu.catalogues update [PACKAGE ...]")
    for package in argv[1:] or PACKAGES:
        update(package)
        print(f"updated translations/{package}")


if __name__ == "__main__":
    main(sys.argv[1:])
