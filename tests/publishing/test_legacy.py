"""Legacy articles keep their old /qikandaodu/... addresses."""

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from core.extensions import db
from publishing.build import build_site
from publishing.legacy import LegacyImportError, import_file
from publishing.models import Article

ROW = {"url": "/qikandaodu/2020/0720/345.html", "title_zh": "旧站文章", "authors": "王五;赵六",
       "affiliations": "河北图书馆;河北大学", "keywords_zh": "图书馆；旧站",
       "abstract_zh": "旧站摘要。", "year": "2020", "number": "4", "volume": "33",
       "pages": "12-15", "body_html": "<p>正文</p><script>alert(1)</script>"}


def test_json_import_keeps_the_old_address(app, app_ctx, client, tmp_path):
    source = tmp_path / "old.json"
    source.write_text(json.dumps([ROW], ensure_ascii=False))
    assert import_file(str(source)) == {"imported": 1, "updated": 0}
    assert import_file(str(source)) == {"imported": 0, "updated": 1}
    db.session.commit()
    shutil.rmtree(app.config["SITE_DIR"], ignore_errors=True)
    build_site()
    page = client.get("/qikandaodu/2020/0720/345.html").get_data(as_text=True)
    assert "旧站文章" in page and "<p>正文</p>" in page and "<script>alert" not in page
    assert "文章来源：《河北科技图苑》2020年第4期，第12-15页" in page
    shutil.rmtree(app.config["SITE_DIR"], ignore_errors=True)


def test_csv_import_and_bad_rows(app_ctx, tmp_path):
    source = tmp_path / "old.csv"
    source.write_text("url,title_zh,authors\n/qikandaodu/2019/0301/7.html,题名,张三\n",
                      encoding="utf-8")
    import_file(str(source))
    assert db.session.query(Article).one().path == "qikandaodu/2019/0301/7.html"
    bad = tmp_path / "bad.csv"
    bad.write_text("url,title_zh\n/somewhere/else.html,\n", encoding="utf-8")
    with pytest.raises(LegacyImportError, match="row 1: url must look like"):
        import_file(str(bad))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(LegacyImportError, match="cannot read"):
        import_file(str(broken))


def test_cli_import_and_build(app, app_ctx, tmp_path):
    source = tmp_path / "old.json"
    source.write_text(json.dumps([ROW], ensure_ascii=False))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["site", "import-legacy", str(source)])
    assert result.exit_code == 0 and "imported=1" in result.output
    result = runner.invoke(args=["site", "build"])
    assert result.exit_code == 0 and "written=" in result.output
    assert Path(app.config["SITE_DIR"], "qikandaodu/2020/0720/345.html").exists()
    shutil.rmtree(app.config["SITE_DIR"], ignore_errors=True)


def test_the_documented_example_file_imports(app, app_ctx, client):
    """docs/legacy-import-example.json is the example the README points to."""
    from core.config import PROJECT_ROOT
    from publishing.legacy import import_file
    from publishing.models import Article

    example = PROJECT_ROOT / "docs" / "legacy-import-example.json"
    assert import_file(str(example)) == {"imported": 2, "updated": 0}
    assert import_file(str(example)) == {"imported": 0, "updated": 2}  # the same file again
    article = db.session.scalar(select(Article).where(
        Article.path == "qikandaodu/2020/0720/345.html"))
    assert article.legacy and article.issue.label_zh.startswith("2020")
    assert [a["name"] for a in article.authors] == ["王芳", "刘洋"]
    assert (article.page_start, article.page_end) == (12, 18)
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "docs/legacy-import-example.json" in readme
