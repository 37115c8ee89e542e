"""Every file of the public site, with a content key and a way to render it.

A page's key is the hash of the records it shows (plus the templates and the
translations that shape it), so the builder can skip a page whose key did not change
without rendering it. Rendering uses only the records: the same data gives the same bytes.

URL layout (nginx serves it as is; see deploy/README-site.md):
  /index.html, /qikandaodu/<YYYY>/<MMDD>/<id>.html (+ .xml JATS, .ris, .bib, .pdf galley),
  /issues/<year>/<number>/, /columns/<slug>/, /archive/, /archive/<year>/, /pages/<slug>
  (file pages/<slug>.html), /sitemap.xml, /feed.xml, /robots.txt, /assets/...;
  every HTML page also in English under /en/...
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import flask_bootstrap
from flask import current_app
from flask_babel import force_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

from core.config import PROJECT_ROOT
from publishing import citations, jats
from publishing.sitedata import SiteData, summary

LOCALES = (("zh_CN", ""), ("en", "/en"))
LATEST = 20
FEED_ENTRIES = 50
BUILD_FORMAT = "1"  # bump to re-render every page after a change the fingerprint cannot see
ASSETS = {
    "assets/site.css": PROJECT_ROOT / "publishing" / "assets" / "site.css",
    "assets/site.js": PROJECT_ROOT / "publishing" / "assets" / "site.js",
    "assets/bootstrap.min.css": Path(flask_bootstrap.__file__).parent
    / "static" / "bootstrap5" / "css" / "bootstrap.min.css",
}


@dataclass
class Page:
    path: str  # relative to SITE_DIR, no leading slash
    key: str
    render: Callable[[dict[int, str]], bytes]  # given the full texts it asked for
    body_of: int | None = None  # the article whose full text the page needs


@cache
def _file_digest(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint() -> str:
    """What shapes every page besides the data: templates and compiled translations (the
    assets are files of their own, keyed by their content)."""
    files = sorted((PROJECT_ROOT / "templates" / "publishing" / "site").rglob("*"))
    for package in ("publishing", "journal"):
        files += sorted((PROJECT_ROOT / "translations" / package).rglob("*.mo"))
    digest = hashlib.sha256(BUILD_FORMAT.encode())
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(_file_digest(path, path.stat().st_mtime_ns).encode())
    return digest.hexdigest()


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                            default=str)


def key_of(*parts) -> str:
    return hashlib.sha256(_ENCODER.encode(parts).encode()).hexdigest()


def pick(record: dict | None, field: str, locale: str) -> str:
    """The English value of a record's field on English pages when there is one."""
    if not record:
        return ""
    if locale == "en" and record.get(f"{field}_en"):
        return record[f"{field}_en"]
    return record.get(f"{field}_zh") or record.get(f"{field}_en") or ""


def public_url(path: str) -> str:
    """The address of a site file: folders end with /, guideline pages have no .html."""
    if path.endswith("index.html"):
        return "/" + path.removesuffix("index.html")
    if path.startswith("pages/"):
        return "/" + path.removesuffix(".html")
    return "/" + path


@cache
def site_gettext(locale: str):
    """`_` for the site's templates in `locale`: the catalogue looked up once, not per call
    (the same escaping as Jinja's new-style gettext)."""
    with force_locale(locale):
        translations = get_translations()

    @pass_context
    def gettext(context, message, **variables):
        text = translations.ugettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - our own catalogue, as Jinja does
        return text % variables

    return gettext


def render_html(template: str, locale: str, prefix: str, path: str, **context) -> bytes:
    """Render a page; `path` is its file without the language folder."""
    url = public_url(path)
    html = current_app.jinja_env.get_template(f"publishing/site/{template}").render(
        locale=locale, prefix=prefix, pick=lambda r, f: pick(r, f, locale),
        _=site_gettext(locale), self_url=prefix + url, zh_url=url, en_url="/en" + url,
        **context)
    return html.encode()


def localised(path: str, prefix: str) -> str:
    return f"{prefix.lstrip('/')}/{path}" if prefix else path


class Planner:
    def __init__(self, data: SiteData, shape: str):
        self.data = data
        self.shape = shape
        self.common = {"journal": data.journal, "nav": data.nav}
        self.common_key = key_of(self.common)
        self.summaries = [summary(a) for a in data.articles]
        self.by_issue: dict[int, list[dict]] = defaultdict(list)
        self.by_column: dict[int, list[dict]] = defaultdict(list)
        order = {c["id"]: (c["position"], c["id"]) for c in data.columns.values()}
        for record, item in zip(data.articles, self.summaries, strict=True):
            if record["issue_id"]:
                self.by_issue[record["issue_id"]].append(item | {
                    "sort": [order.get(record["column_id"], (999, 0)), record["position"],
                             record["id"]]})
            if record["column_id"]:
                self.by_column[record["column_id"]].append(item)
        for items in self.by_issue.values():
            items.sort(key=lambda item: item["sort"])
        self.pages: list[Page] = []
        self.record_keys: dict[int, str] = {}
        self.journal_key = key_of(data.journal)

    # -- helpers

    def html(self, path: str, template: str, locale: str, prefix: str, key_parts, **context):
        key = key_of(self.shape, self.common_key, template, locale, key_parts)
        self.pages.append(Page(localised(path, prefix), key, lambda _bodies: render_html(
            template, locale, prefix, path, **self.common, **context)))

    def toc(self, issue_id: int) -> list[dict]:
        """The issue's articles grouped by column, in the editor's order."""
        groups: list[dict] = []
        for item in self.by_issue.get(issue_id, []):
            column = self.data.columns.get(item["column_id"])
            if not groups or groups[-1]["column"] != column:
                groups.append({"column": column, "articles": []})
            groups[-1]["articles"].append(item)
        return groups

    # -- the site

    def plan(self) -> list[Page]:
        data = self.data
        current = next(iter(data.issues.values()), None)
        years: dict[int, list[dict]] = defaultdict(list)
        for issue in data.issues.values():
            years[issue["year"]].append(issue | {"count": len(self.by_issue.get(issue["id"], []))})
        archive = [{"year": y, "issues": sorted(v, key=lambda i: i["number"])}
                   for y, v in sorted(years.items(), reverse=True)]
        shown_columns = [c for c in data.columns.values()
                         if c["active"] or self.by_column.get(c["id"])]
        for locale, prefix in LOCALES:
            latest = self.summaries[:LATEST]
            current_toc = self.toc(current["id"]) if current else []
            self.html("index.html", "home.html", locale, prefix,
                      [latest, current, current_toc, shown_columns],
                      latest=latest, current=current, current_toc=current_toc,
                      columns=shown_columns)
            for record in data.articles:
                self.article(record, locale, prefix)
            for issue in data.issues.values():
                toc = self.toc(issue["id"])
                self.html(f"issues/{issue['year']}/{issue['number']}/index.html", "issue.html",
                          locale, prefix, [issue, toc], issue=issue, toc=toc)
            for column in shown_columns:
                items = self.by_column.get(column["id"], [])
                self.html(f"columns/{column['slug']}/index.html", "column.html", locale, prefix,
                          [column, items], column=column, articles=items,
                          issues=data.issues)
            self.html("archive/index.html", "archive.html", locale, prefix, [archive],
                      archive=archive)
            for year in archive:
                self.html(f"archive/{year['year']}/index.html", "archive_year.html", locale,
                          prefix, [year], year=year)
            for page in data.pages:
                columns = shown_columns if page["slug"] == "columns" else []
                self.html(f"pages/{page['slug']}.html", "page.html", locale, prefix,
                          [page, columns], page=page, columns=columns)
        for record in data.articles:
            self.article_files(record)
        self.site_files(archive)
        return self.pages

    def record_key(self, record: dict) -> str:
        """An article's own key: its record with its issue and column (hashed once)."""
        key = self.record_keys.get(record["id"])
        if key is None:
            key = key_of(record, self.data.issues.get(record["issue_id"]),
                         self.data.columns.get(record["column_id"]))
            self.record_keys[record["id"]] = key
        return key

    def article(self, record: dict, locale: str, prefix: str) -> None:
        issue = self.data.issues.get(record["issue_id"])
        column = self.data.columns.get(record["column_id"])
        journal = self.data.journal
        key = key_of(self.shape, self.common_key, "article", locale, self.record_key(record))
        self.pages.append(Page(localised(record["path"], prefix), key, lambda bodies: render_html(
            "article.html", locale, prefix, record["path"], **self.common, a=record, issue=issue,
            column=column, cite=citations.all_styles(record, issue, journal),
            body=bodies.get(record["id"], "")), record["id"]))

    def article_files(self, record: dict) -> None:
        issue = self.data.issues.get(record["issue_id"])
        journal = self.data.journal
        base = record["path"].removesuffix(".html")
        key = key_of(self.shape, self.journal_key, self.record_key(record))
        self.pages.append(Page(f"{base}.xml", key, lambda bodies: jats.article_xml(
            record, issue, journal, bodies.get(record["id"], "")), record["id"]))
        self.pages.append(Page(f"{base}.ris", key, lambda _b: citations.ris(
            record, issue, journal).encode()))
        self.pages.append(Page(f"{base}.bib", key, lambda _b: citations.bibtex(
            record, issue, journal).encode()))
        if record["galley"]:
            self.pages.append(Page(f"{base}.pdf", record["galley"],
                                   lambda _b: _stored(record["galley"])))

    def site_files(self, archive: list[dict]) -> None:
        data = self.data
        base = data.journal["base_url"]
        entries = data.articles[:FEED_ENTRIES]
        feed = [{k: a[k] for k in ("id", "url", "title_zh", "title_en", "abstract_zh",
                                   "published", "corrections")}
                | {"authors": [x["name"] for x in a["authors"]]} for a in entries]
        self.xml("feed.xml", "feed.xml", [feed], entries=feed)
        urls = []
        for _locale, prefix in LOCALES:
            urls.append({"loc": f"{base}{prefix}/", "lastmod": ""})
            urls += [{"loc": f"{base}{prefix}{a['url']}", "lastmod": a["published"],
                      "doi": a["doi"]} for a in data.articles]
            urls += [{"loc": f"{base}{prefix}{i['url']}", "lastmod": ""}
                     for i in data.issues.values()]
            urls += [{"loc": f"{base}{prefix}/archive/", "lastmod": ""}]
            urls += [{"loc": f"{base}{prefix}/archive/{y['year']}/", "lastmod": ""}
                     for y in archive]
            urls += [{"loc": f"{base}{prefix}{p['url']}", "lastmod": ""} for p in data.nav]
        self.xml("sitemap.xml", "sitemap.xml", [urls], urls=urls)
        robots = (f"User-agent: *\nAllow: /\nDisallow: {data.journal['search_url']}\n"
                  f"Disallow: {data.journal['login_url']}\nSitemap: {base}/sitemap.xml\n").encode()
        self.pages.append(Page("robots.txt", key_of(robots.decode()), lambda _b: robots))
        for path, source in ASSETS.items():
            digest = _file_digest(source, source.stat().st_mtime_ns)
            self.pages.append(Page(path, digest, lambda _b, s=source: s.read_bytes()))
        for issue in data.issues.values():
            if issue["cover_sha"]:
                self.pages.append(Page(issue["cover"].lstrip("/"), issue["cover_sha"],
                                       lambda _b, s=issue["cover_sha"]: _stored(s)))

    def xml(self, path: str, template: str, key_parts, **context) -> None:
        key = key_of(self.shape, self.common_key, template, key_parts)
        self.pages.append(Page(path, key, lambda _b: render_html(
            template, "zh_CN", "", path, **self.common, **context)))


def _stored(sha256: str) -> bytes:
    from submission.storage import read_bytes

    return read_bytes(sha256)


def plan_pages(data: SiteData) -> list[Page]:
    return Planner(data, fingerprint()).plan()
