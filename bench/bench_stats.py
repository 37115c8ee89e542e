"""The editors' statistics at scale (issue goals at 100,000 manuscripts and 300,000 review
assignments: the page at p50 <= 200 ms, the yearly PDF within 10 s).

    .venv/bin/python bench/generate.py                 # once: 100,000 manuscripts
    .venv/bin/python bench/bench_stats.py [--db kanwu_bench] [--runs 9]

Migrates the generated database to the current schema, then times, as medians of --runs:
the editorial figures and the whole report (every table) of three periods, the yearly PDF
(three runs), and through the app the page and the workbook of every table, each both as
the first view after a change of the data (nothing cached: the statistics' generation is
moved before each request) and asked again (reports/freshness.py); prints a table and writes
bench/results/stats.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import PG, bench_url  # noqa: E402

GOALS_MS = {"page": 200.0, "pdf": 10_000.0}


def _median_ms(call, runs: int, before=None) -> tuple[float, float]:
    """The median and the longest of `runs` calls, in ms (`before` runs untimed before each)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), round(max(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="kanwu_bench")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = dict(os.environ, DATABASE_URL=bench_url(args.db))
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
                   cwd=root, env=env, check=True, capture_output=True)
    os.environ["DATABASE_URL"] = bench_url(args.db)
    from sqlalchemy import text

    from core.extensions import db
    from kanwu.app import create_app
    from reports.annual import annual_pdf
    from reports.figures import Period, figures
    from reports.tables import report

    app = create_app({"SQLALCHEMY_DATABASE_URI": bench_url(args.db), "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})

    def change():
        """A change of the data: a new statistics generation, nothing cached."""
        with app.app_context():
            db.session.execute(text("INSERT INTO generations (name, value) VALUES ('stats', 1) "
                                    "ON CONFLICT (name) DO UPDATE SET value = "
                                    "generations.value + 1"))
            db.session.commit()

    rows = []
    with app.test_request_context():
        for label, period in (("year 2026", Period.year(2026)), ("year 2025", Period.year(2025)),
                              ("last 12 months", Period.last_twelve_months())):
            p50, worst = _median_ms(lambda p=period: figures(p), args.runs)
            rows.append({"what": f"figures, {label}", "p50_ms": p50, "max_ms": worst})
            # (the commit ends this context's transaction, which read the old generation)
            p50, worst = _median_ms(lambda p=period: report(p), args.runs,
                                    before=lambda: (change(), db.session.commit()))
            rows.append({"what": f"every table, {label}, after a change", "p50_ms": p50,
                         "max_ms": worst})
        p50, worst = _median_ms(lambda: annual_pdf(2025, "zh_CN"), 3)
        rows.append({"what": "yearly PDF 2025 (zh)", "p50_ms": p50, "max_ms": worst,
                     "goal_ms": GOALS_MS["pdf"]})
    client = app.test_client()
    client.post("/account/login", data={"email": "editor1@bench.kanwu",
                                        "password": "kanwu-bench-2026"})

    for what, url in (("page", "/editor/stats/?year=2026"),
                      ("page", "/editor/stats/"),
                      ("chart", "/editor/stats/monthly.svg?year=2026"),
                      ("workbook", "/editor/stats/all.xlsx?year=2026")):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        goal = {"goal_ms": GOALS_MS["page"]} if what == "page" else {}
        p50, worst = _median_ms(lambda u=url: client.get(u), args.runs, before=change)
        rows.append({"what": f"{what} {url}, after a change", "p50_ms": p50, "max_ms": worst,
                     **goal})
        p50, worst = _median_ms(lambda u=url: client.get(u), args.runs)
        rows.append({"what": f"{what} {url}, again", "p50_ms": p50, "max_ms": worst, **goal})
    print(f"{'what':<62} {'p50 ms':>8} {'max ms':>8}  goal")
    for row in rows:
        goal = row.get("goal_ms")
        row["goal"] = "" if goal is None else "reached" if row["p50_ms"] <= goal else "NOT reached"
        print(f"{row['what']:<62} {row['p50_ms']:>8} {row['max_ms']:>8}  {row['goal']}")
    out = root / "bench" / "results" / "stats.json"
    out.write_text(json.dumps({"db": args.db, "pg": PG, "runs": args.runs,
                               "load": os.getloadavg(), "rows": rows}, indent=2))
    print(f"results: {out.relative_to(root)}")


if __name__ == "__main__":
    main()
