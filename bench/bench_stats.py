"""The editors' statistics page at scale (issue goal: p50 <= 200 ms at 100,000 manuscripts).

    .venv/bin/python bench/generate.py                 # once: 100,000 manuscripts
    .venv/bin/python bench/bench_stats.py [--db kanwu_bench] [--runs 9]

Migrates the generated database to the current schema, then times the figures of three
periods (a year, the year before, the last twelve months) and the whole page through the
app, as medians of --runs; prints a table and writes bench/results/stats.json.
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

GOAL_P50_MS = 200.0


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
    from kanwu.app import create_app
    from reports.figures import Period, figures

    app = create_app({"SQLALCHEMY_DATABASE_URI": bench_url(args.db), "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    rows = []
    with app.app_context():
        for label, period in (("year 2026", Period.year(2026)), ("year 2025", Period.year(2025)),
                              ("last 12 months", Period.last_twelve_months())):
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                figures(period)
                times.append((time.perf_counter() - started) * 1000)
            rows.append({"what": f"figures, {label}",
                         "p50_ms": round(statistics.median(times), 1),
                         "max_ms": round(max(times), 1)})
    client = app.test_client()
    client.post("/account/login", data={"email": "editor1@bench.kanwu",
                                        "password": "kanwu-bench-2026"})
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        response = client.get("/editor/stats/?year=2026")
        times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, response.status_code
    rows.append({"what": "page /editor/stats/?year=2026",
                 "p50_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)})
    print(f"{'what':<36} {'p50 ms':>8} {'max ms':>8}  goal")
    for row in rows:
        row["goal"] = "reached" if row["p50_ms"] <= GOAL_P50_MS else "NOT reached"
        print(f"{row['what']:<36} {row['p50_ms']:>8} {row['max_ms']:>8}  {row['goal']}")
    out = root / "bench" / "results" / "stats.json"
    out.write_text(json.dumps({"db": args.db, "pg": PG, "runs": args.runs,
                               "load": os.getloadavg(), "rows": rows}, indent=2))
    print(f"results: {out.relative_to(root)}")


if __name__ == "__main__":
    main()
