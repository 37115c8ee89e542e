"""The publish step's speed: a full build, a no-op rebuild, one issue published incrementally.

    .venv/bin/python bench/publish_bench.py [--articles 2000] [--runs 3] [--database URL]

Seeds a throw-away database (SQLite in a temporary folder unless --database names an empty
PostgreSQL database) with `--articles` published articles, 20 to an issue, each with ~8,000
characters of full text; then, `--runs` times each, medians reported:
  full   build into an empty site directory (pages rendered per second: every file of the site,
         and the HTML pages among them);
  noop   build again with nothing changed (goal: 0 files written, <= 1 s);
  issue  publish one more issue of 20 articles and build (goal: <= 2 s).
Prints a table and writes bench/results/publish_bench.json. Importable: `seed`, `measure`.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RESULTS = Path(__file__).resolve().parent / "results"
PER_ISSUE = 20
PARAGRAPH = ("高校图书馆在数字化转型中不断拓展服务边界，科研数据管理、学科服务与信息素养教育"
             "相互结合，形成了面向科研全过程的支持体系。本文结合调研数据，讨论服务模式与评价方法。")


def make_app(database_url: str, folder: Path, site: Path | None = None):
    from core.extensions import db
    from kanwu.app import create_app

    app = create_app({"INSTANCE_PATH": str(folder), "SQLALCHEMY_DATABASE_URI": database_url,
                      "CELERY_BROKER_URL": "memory://", "SITE_BUILD_AFTER_COMMIT": False,
                      "SITE_DIR": str(site or folder / "site"),
                      "UPLOAD_DIR": str(folder / "uploads")})
    with app.app_context():
        db.create_all()
    return app


def _body(n: int) -> str:
    parts = [f"<h2>{s} 第{s}节</h2>" + f"<p>{PARAGRAPH * 3}（{n}）</p>" * 4 for s in range(1, 5)]
    parts.append("<table><tr><td>指标</td><td>数值</td></tr><tr><td>样本</td><td>20</td></tr>"
                 "</table>")
    return "".join(parts)


def publish_issue(number: int, first_id: int, columns: list[int]) -> int:
    """Insert one published issue of PER_ISSUE articles (as the publish step leaves them)."""
    import hashlib

    from core.extensions import db
    from publishing.models import Article, Issue

    year, no = 2000 + (number - 1) // 6, (number - 1) % 6 + 1
    day = date(year, 2 * no - 1, 1)
    issue = Issue(year=year, number=no, volume=year - 1987, publication_date=day,
                  state="published")
    db.session.add(issue)
    db.session.flush()
    for i in range(PER_ISSUE):
        n = first_id + i
        body = _body(n)
        db.session.add(Article(
            id=n, issue_id=issue.id, column_id=columns[i % len(columns)], position=i,
            page_start=1 + 5 * i, page_end=5 + 5 * i, title_zh=f"高校图书馆数据服务研究之{n}",
            title_en=f"Data services in university libraries, part {n}",
            abstract_zh=PARAGRAPH * 2, abstract_en="Purpose: to study data services. " * 8,
            keywords_zh=["数据服务", "高校图书馆", f"主题{n % 50}"],
            keywords_en=["data services", "university library"],
            authors=[{"name": "张伟", "name_pinyin": "Zhang Wei", "affiliation": "河北大学图书馆",
                      "affiliation_en": "Hebei University Library", "city": "保定",
                      "postcode": "071002", "corresponding": True},
                     {"name": f"李{n % 97}", "name_pinyin": "Li Na",
                      "affiliation": "河北师范大学图书馆"}],
            clc_number="G250", document_code="A", received_on=day - timedelta(days=120),
            accepted_on=day - timedelta(days=60), published_on=day,
            path=f"qikandaodu/{day:%Y}/{day:%m%d}/{n}.html", body_html=body,
            body_sha256=hashlib.sha256(body.encode()).hexdigest()))
    db.session.commit()
    return issue.id


def seed(articles: int) -> list[int]:
    from core.extensions import db
    from journal.demo import load_journal_profile
    from journal.models import Column

    load_journal_profile()
    db.session.commit()
    columns = [c.id for c in db.session.query(Column).order_by(Column.id)]
    for number in range(1, articles // PER_ISSUE + 1):
        publish_issue(number, 1 + (number - 1) * PER_ISSUE, columns)
    return columns


def _html_count(written: list[str]) -> int:
    return sum(1 for p in written if p.endswith(".html"))


def measure(app, articles: int, runs: int) -> dict:
    from publishing.build import build_site

    site = Path(app.config["SITE_DIR"])
    full, noop, issue = [], [], []
    with app.app_context():
        columns = seed(articles)
        next_issue = articles // PER_ISSUE + 1
        for _ in range(runs):
            shutil.rmtree(site, ignore_errors=True)
            report = build_site()
            full.append({"seconds": report.seconds, "files": len(report.written),
                         "html": _html_count(report.written), "indexed": report.indexed,
                         "index_seconds": report.index_seconds})
            cpu = time.process_time()
            report = build_site()
            noop.append({"seconds": report.seconds, "files": len(report.written),
                         "cpu_seconds": time.process_time() - cpu})
            publish_issue(next_issue, 1 + (next_issue - 1) * PER_ISSUE, columns)
            next_issue += 1
            started, cpu = time.perf_counter(), time.process_time()
            report = build_site()
            issue.append({"seconds": time.perf_counter() - started,
                          "cpu_seconds": time.process_time() - cpu,
                          "pages_seconds": report.seconds, "index_seconds": report.index_seconds,
                          "files": len(report.written), "html": _html_count(report.written),
                          "rendered": report.rendered})
    med = statistics.median
    return {
        "articles": articles,
        "runs": runs,
        "full_build": {
            "seconds": med(r["seconds"] for r in full),
            "files": full[0]["files"], "html_pages": full[0]["html"],
            "files_per_second": med(r["files"] / r["seconds"] for r in full),
            "html_pages_per_second": med(r["html"] / r["seconds"] for r in full),
            "goal_pages_per_second": 300,
            "first_search_index_seconds": full[0]["index_seconds"],
        },
        "noop_rebuild": {"seconds": med(r["seconds"] for r in noop),
                         "cpu_seconds": med(r["cpu_seconds"] for r in noop),
                         "files_written": max(r["files"] for r in noop), "goal_seconds": 1.0},
        "one_issue_of_20": {"seconds": med(r["seconds"] for r in issue),
                            "cpu_seconds": med(r["cpu_seconds"] for r in issue),
                            "pages_seconds": med(r["pages_seconds"] for r in issue),
                            "index_seconds": med(r["index_seconds"] for r in issue),
                            "files_written": med(r["files"] for r in issue),
                            "html_pages_written": med(r["html"] for r in issue),
                            "goal_seconds": 2.0},
        "raw": {"full": full, "noop": noop, "issue": issue},
    }


def table(result: dict) -> str:
    f, n, i = result["full_build"], result["noop_rebuild"], result["one_issue_of_20"]
    rows = [
        ("full build", f"{f['seconds']:.2f} s", f"{f['files']} files ({f['html_pages']} HTML)",
         f"{f['files_per_second']:.0f} files/s, {f['html_pages_per_second']:.0f} HTML pages/s",
         ">= 300 pages/s"),
        ("search index (all)", f"{f['first_search_index_seconds']:.2f} s",
         f"{result['articles']} articles segmented once", "", "(separate from pages)"),
        ("no-op rebuild", f"{n['seconds']:.3f} s", f"{n['files_written']} written",
         f"CPU {n['cpu_seconds']:.3f} s",
         "0 written, <= 1 s"),
        ("one issue of 20", f"{i['seconds']:.3f} s", f"{i['files_written']:.0f} written "
         f"({i['html_pages_written']:.0f} HTML)",
         f"pages {i['pages_seconds']:.3f} s + index {i['index_seconds']:.3f} s, "
         f"CPU {i['cpu_seconds']:.3f} s", "<= 2 s"),
    ]
    head = ("step", "median", "files", "rate", "goal")
    widths = [max(len(str(r[k])) for r in [head, *rows]) for k in range(5)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))
             for r in [head, *rows]]
    load = ", ".join(f"{x:.1f}" for x in result.get("load_average", ()))
    return (f"publish step, {result['articles']} articles, {result['runs']} runs (medians), "
            f"load average {load}\n" + "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", help="an empty database URL (default: SQLite in a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kanwu-publish-bench-") as tmp:
        folder = Path(tmp)
        app = make_app(args.database or f"sqlite:///{folder / 'bench.sqlite3'}", folder)
        result = measure(app, args.articles, args.runs)
    result["database"] = "postgresql" if args.database else "sqlite"
    result["load_average"] = os.getloadavg()  # other work on the machine slows every figure
    print(table(result))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "publish_bench.json").write_text(json.dumps(result, indent=2))
    print(f"\nwritten to {RESULTS / 'publish_bench.json'}")


if __name__ == "__main__":
    main()
