"""The public pages of an issue before it is published, for the editors to check.

The issue's articles get the addresses and date that publishing will give them, and the pages
are rendered by the same planner and templates as the public site, so the preview is what
readers will see. Links between the previewed pages stay inside the preview; a banner says
the pages are not public yet.
"""

from dataclasses import replace

from flask_babel import gettext as _
from markupsafe import escape

from publishing.models import Issue
from publishing.pages import LOCALES, Planner, fingerprint
from publishing.services import article_path
from publishing.sitedata import article_record, issue_record, load_bodies, load_site_data


class Tentative:
    """An article as publishing will leave it: its address and date set."""

    def __init__(self, article, day):
        self._article, self.published_on = article, day
        self.path = article.path or article_path(article, day)

    def __getattr__(self, name):
        return getattr(self._article, name)


def preview_pages(issue: Issue, base: str) -> dict[str, bytes]:
    """{site path: HTML} for the issue's table of contents and article pages, in Chinese and
    English, with the preview's own links rewritten to stay under `base`."""
    day = issue.publication_date
    records = [article_record(Tentative(a, day), list(a.corrections)) for a in issue.articles]
    data = load_site_data()
    ids = {r["id"] for r in records}
    data = replace(data, issues={issue.id: issue_record(issue)} | data.issues,
                   articles=records + [a for a in data.articles if a["id"] not in ids])
    planner = Planner(data, fingerprint())
    toc = planner.toc(issue.id)
    record = data.issues[issue.id]
    for locale, prefix in LOCALES:
        planner.html(f"{record['url'].strip('/')}/index.html", "issue.html", locale, prefix,
                     [record, toc], issue=record, toc=toc)
        for article in records:
            planner.article(article, locale, prefix)
    bodies = load_bodies(sorted(ids))
    rendered = {page.path: page.render(bodies).decode() for page in planner.pages}
    return {path: _inside_preview(html, rendered, base).encode()
            for path, html in rendered.items()}


def _inside_preview(html: str, rendered: dict[str, str], base: str) -> str:
    for path in rendered:
        url = "/" + path.removesuffix("index.html")
        html = html.replace(f'href="{url}"', f'href="{base}{path}"')
    notice = escape(_("Preview: this page is not public yet."))
    banner = f'<div class="alert alert-warning rounded-0 mb-0" role="status">{notice}</div>'
    return html.replace("<body>", "<body>" + banner, 1) if "<body>" in html else banner + html
