"""Search over published articles with jieba segmentation."""

import pytest
from flask_babel import refresh

from core.extensions import db
from publishing import services
from publishing.build import build_site
from publishing.search import search


@pytest.fixture
def indexed(app, editor, publish):
    issue = publish(n=2)
    a, b = issue.articles
    services.update_metadata(a, editor, {"title_zh": "区块链技术在图书馆的应用",
                                         "keywords_zh": ["区块链", "图书馆"]}, note_zh="题名")
    services.update_metadata(b, editor, {"title_zh": "古籍修复人才培养",
                                         "keywords_zh": ["古籍保护"]}, note_zh="题名")
    db.session.commit()
    build_site()
    return a, b


def test_chinese_words_match_title_keywords_and_full_text(indexed):
    a, b = indexed
    assert search("区块链") == [a]
    assert search("古籍修复") == [b]
    assert set(search("引言")) == {a, b}  # a heading of the full text
    assert search("不存在的词语") == []
    assert search("   ") == []
    assert search("%") == []


def test_search_page(client, indexed):
    html = client.get("/search?q=区块链").get_data(as_text=True)
    assert "区块链技术在图书馆的应用" in html and "古籍修复人才培养" not in html
    assert client.get("/search").status_code == 200
    assert "古籍修复人才培养" in client.get("/qikandaodu/").get_data(as_text=True)


def test_the_index_follows_the_site(indexed, editor):
    a, _b = indexed
    services.update_metadata(a, editor, {"keywords_zh": ["数字人文"]}, note_zh="关键词")
    db.session.commit()
    assert build_site().indexed == 1
    assert search("数字人文") == [a]


def test_search_count_is_singular_for_one_article(client, indexed):
    assert "共找到 1 篇文章" in client.get("/search?q=区块链").get_data(as_text=True)
    refresh()  # the fixture's application context would keep the first request's language
    english = client.get("/search?q=区块链", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "1 article found for" in english and "1 articles" not in english
