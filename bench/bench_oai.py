"""OAI-PMH ListRecords speed: pages of 100 records out of many published articles.

    .venv/bin/python bench/bench_oai.py [--articles 10000] [--pages 30] [--database URL]

Seeds a throw-away database (SQLite in a temporary folder unless --database names an empty
PostgreSQL database) with `--articles` published articles (bench/publish_bench.py's seed),
then follows ListRecords through its resumption tokens for `--pages` pages in each format,
timing each request in the app (no network) and counting its SQL statements; then harvests
every record in oai_dc, as a harvester's first visit does, token after token to the end.
Goals: p50 <= 100 ms per page of 100 records, the same number of statements on every page;
the full harvest of 10,000 articles <= 30 s.
Prints a table and writes bench/results/bench_oai.json.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.publish_bench import RESULTS, make_app, seed  # noqa: E402

GOAL_P50_MS = 100.0
GOAL_FULL_S = 30.0
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def harvest(app, prefix: str, pages: int | None) -> dict:
    """Follow ListRecords for `pages` pages (None: to the end of the list)."""
    from lxml import etree
    from sqlalchemy import event

    from core.extensions import db

    client, token, timings, queries = app.test_client(), None, [], []
    with app.app_context():
        engine = db.engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *_a, **_k: statements.append(1))
    harvested, started_all = 0, time.perf_counter()
    while pages is None or len(timings) < pages:
        params = ({"verb": "ListRecords", "resumptionToken": token} if token
                  else {"verb": "ListRecords", "metadataPrefix": prefix})
        statements.clear()
        started = time.perf_counter()
        response = client.get("/oai", query_string=params)
        timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(statements))
        root = etree.fromstring(response.data)
        records = root.findall(f".//{OAI}record")
        token = root.findtext(f".//{OAI}resumptionToken")
        assert len(records) == 100 or not token, "every page but the last holds 100 records"
        harvested += len(records)
        if not token:
            break
    ordered = sorted(timings)
    return {"format": prefix, "pages": len(timings), "records": harvested,
            "seconds": round(time.perf_counter() - started_all, 1),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "queries": sorted(set(queries))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'oai-bench.sqlite3'}"
        app = make_app(url, Path(folder))
        with app.app_context():
            started = time.perf_counter()
            seed(args.articles)
            print(f"seeded {args.articles} articles in {time.perf_counter() - started:.0f} s")
        results = [harvest(app, prefix, args.pages) for prefix in ("oai_dc", "jats")]
        full = harvest(app, "oai_dc", None)
    database = "postgresql" if args.database else "sqlite"
    print(f"{'format':8} {'pages':>5} {'p50 ms':>7} {'p95 ms':>7}  queries   ({database}, "
          f"{args.articles} articles; goal p50 <= {GOAL_P50_MS:.0f} ms)")
    for row in results:
        print(f"{row['format']:8} {row['pages']:>5} {row['p50_ms']:>7} {row['p95_ms']:>7}  "
              f"{row['queries']}")
    print(f"full harvest, oai_dc: {full['records']} records in {full['pages']} pages, "
          f"{full['seconds']} s (goal <= {GOAL_FULL_S:.0f} s)")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_oai.json").write_text(json.dumps(
        {"articles": args.articles, "database": database, "results": results,
         "full_harvest": full}, indent=2))


if __name__ == "__main__":
    main()
