"""Editor-written Markdown rendered to HTML that is safe to show (nh3 allow-list)."""

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "div",
    "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul",
}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "td": {"colspan", "rowspan"},
                    "th": {"colspan", "rowspan"}, "*": {"id"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str | None) -> Markup:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    return Markup(sanitize_html(html))  # noqa: S704 - sanitised by nh3 just above
