"""Search over published articles with jieba word segmentation.

The publish step keeps one `SearchEntry` per published article: its title, authors and
keywords (the head, weighted higher) and everything including abstract and full text, as
space-separated lowercase tokens. A query is segmented the same way and every token must
match (`LIKE '% token %'`), which works the same on SQLite and PostgreSQL.
"""

import hashlib
import logging
import re

import jieba
from sqlalchemy import and_, delete, select

from core.extensions import db
from publishing.models import Article, SearchEntry

jieba.setLogLevel(logging.WARNING)
WORD = re.compile(r"\w", re.UNICODE)
TAG = re.compile(r"<[^>]+>")
MAX_QUERY_TOKENS = 8


def tokens(text: str, *, for_query: bool = False) -> list[str]:
    cut = jieba.lcut(text) if for_query else jieba.lcut_for_search(text)
    return [t.lower() for t in (w.strip() for w in cut) if t and WORD.search(t)]


def _padded(words: list[str]) -> str:
    return " " + " ".join(words) + " " if words else ""


def _sources(record: dict) -> tuple[str, str]:
    head = " ".join([record["title_zh"], record["title_en"],
                     *(a["name"] for a in record["authors"]),
                     *(a["pinyin"] for a in record["authors"]),
                     *record["keywords_zh"], *record["keywords_en"]])
    return head, " ".join([record["abstract_zh"], record["abstract_en"]])


def update_index(data, *, rebuild: bool = False) -> int:
    """Re-segment the articles whose indexed text changed; drop unpublished ones."""
    stored = dict(db.session.execute(
        select(SearchEntry.article_id, SearchEntry.source_sha256)).all())
    changed = {}
    for record in data.articles:
        head, rest = _sources(record)
        digest = hashlib.sha256(f"{head}\n{rest}\n{record['body']}".encode()).hexdigest()
        if rebuild or stored.get(record["id"]) != digest:
            changed[record["id"]] = (head, rest, digest)
    gone = set(stored) - {r["id"] for r in data.articles}
    if gone:
        db.session.execute(delete(SearchEntry).where(SearchEntry.article_id.in_(gone)))
    if changed:
        bodies = dict(db.session.execute(select(Article.id, Article.body_html).where(
            Article.id.in_(list(changed)))).all())
        entries = {e.article_id: e for e in db.session.scalars(
            select(SearchEntry).where(SearchEntry.article_id.in_(list(changed))))}
        for article_id, (head, rest, digest) in changed.items():
            body = TAG.sub(" ", bodies.get(article_id) or "")
            head_words = tokens(head)
            entry = entries.get(article_id) or SearchEntry(article_id=article_id)
            entry.source_sha256 = digest
            entry.head_tokens = _padded(head_words)
            entry.tokens = _padded(head_words + tokens(rest) + tokens(body))
            db.session.add(entry)
    db.session.flush()
    return len(changed)


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(query: str, limit: int = 50) -> list[Article]:
    """Published articles matching every word of the query, best first."""
    words = list(dict.fromkeys(tokens(query, for_query=True)))[:MAX_QUERY_TOKENS]
    if not words:
        return []
    conditions = [SearchEntry.tokens.like(_like(f" {w} "), escape="\\") for w in words]
    rows = db.session.execute(
        select(Article, SearchEntry.head_tokens, SearchEntry.tokens)
        .join(SearchEntry, SearchEntry.article_id == Article.id)
        .where(and_(*conditions))).all()

    def score(row) -> tuple:
        article, head, text = row
        return (-sum(3 * head.count(f" {w} ") + text.count(f" {w} ") for w in words),
                -(article.published_on.toordinal() if article.published_on else 0), article.id)

    return [row[0] for row in sorted(rows, key=score)[:limit]]
