"""Goal 5 — the publish step.

    .venv/bin/python bench/bench_publish.py [--articles 2000] [--runs 3]

On a fresh PostgreSQL database, publishes 100 issues of 20 articles (2,000 articles, through
the publishing services), then measures the publishing package's builder (the same function
the worker and `flask --app wsgi site build` run):
  - a full build into an empty site directory (pages per second; each run from empty);
  - a no-op rebuild (files written, seconds);
  - one more issue of 20 articles published, then the incremental build it triggers.
Goals: full build >= 300 pages/s on 2 cores; no-op rebuild writes 0 files in <= 1 s; one
issue of 20 articles incrementally in <= 2 s.
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.generate import bench_url, recreate_database  # noqa: E402

GOAL_PAGES_S, GOAL_NOOP_S, GOAL_ISSUE_S = 300.0, 1.0, 2.0
PER_ISSUE = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="kanwu_bench_publish")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    recreate_database(args.db)
    with common.scratch_dir("kanwu-bench-publish-") as tmp:
        site = tmp / "site"
        os.environ.update(DATABASE_URL=bench_url(args.db), SITE_DIR=str(site),
                          UPLOAD_DIR=str(tmp / "uploads"))
        from flask_migrate import upgrade

        from bench import publish_data
        from journal import create_app
        from journal.demo import load_demo
        from journal.extensions import db
        from publishing.build import build_site

        app = create_app({"MAIL_DISPATCH_AFTER_COMMIT": False, "SITE_BUILD_AFTER_COMMIT": False,
                          "SITE_DIR": str(site), "UPLOAD_DIR": str(tmp / "uploads")})
        with app.app_context(), app.test_request_context("/"):
            upgrade()
            load_demo()
            started = time.perf_counter()
            publish_data.publish_issues(args.articles // PER_ISSUE, PER_ISSUE)
            db.session.commit()
            print(f"published {args.articles} articles in "
                  f"{time.perf_counter() - started:.0f} s (setup, not measured)")
            # The first build also segments every article for the search index (done once
            # per article when it is published); reported, then the full builds are timed.
            cold = build_site(full=True).summary()
            db.session.commit()
            print(f"first build (search index of {cold['indexed']} articles + "
                  f"{cold['rendered']} pages): {cold['seconds']:.1f} s")
            full, noop, issue = [], [], []
            for n in range(args.runs):
                shutil.rmtree(site, ignore_errors=True)
                cpu = time.process_time()
                report = build_site(full=True).summary()
                report["cpu_s"] = time.process_time() - cpu
                report["pages_per_s"] = report["rendered"] / report["seconds"]
                report["pages_per_cpu_s"] = report["rendered"] / report["cpu_s"]
                full.append(report)
                db.session.commit()
                report = build_site().summary()
                noop.append(report)
                db.session.commit()
                publish_data.publish_issues(1, PER_ISSUE, seed=100 + n)
                db.session.commit()
                report = build_site().summary()
                issue.append(report)
                db.session.commit()
                print(f"  run {n + 1}: full {full[-1]['rendered']} pages in "
                      f"{full[-1]['seconds']:.1f} s ({full[-1]['pages_per_s']:.0f}/s); no-op "
                      f"{noop[-1]['written']} written in {noop[-1]['seconds']:.2f} s; issue of "
                      f"{PER_ISSUE}: {issue[-1]['written']} written in "
                      f"{issue[-1]['seconds']:.2f} s")
    pages_s = common.median([r["pages_per_s"] for r in full])
    noop_s = common.median([r["seconds"] for r in noop])
    noop_written = max(r["written"] for r in noop)
    issue_s = common.median([r["seconds"] for r in issue])
    print()
    common.print_table(["measure", "median", "goal", ""], [
        ["full build, pages/s", pages_s, f">= {GOAL_PAGES_S:.0f}",
         common.verdict(pages_s >= GOAL_PAGES_S)],
        ["full build, pages/s of CPU time", common.median([r["pages_per_cpu_s"] for r in full]),
         "", ""],
        ["full build, pages", common.median([r["rendered"] for r in full]), "", ""],
        ["full build, s", common.median([r["seconds"] for r in full]), "", ""],
        ["no-op rebuild, files written", noop_written, "0", common.verdict(noop_written == 0)],
        ["no-op rebuild, s", noop_s, f"<= {GOAL_NOOP_S}", common.verdict(noop_s <= GOAL_NOOP_S)],
        ["issue of 20, files written", common.median([r["written"] for r in issue]), "", ""],
        ["issue of 20, s", issue_s, f"<= {GOAL_ISSUE_S}", common.verdict(issue_s <= GOAL_ISSUE_S)],
    ])
    common.write_results("publish", {
        "articles": args.articles, "first_build": cold,
        "runs": {"full": full, "noop": noop, "issue": issue},
        "goals": {
            "full_pages_per_s": {"target": f">= {GOAL_PAGES_S}", "value": pages_s,
                                 "reached": pages_s >= GOAL_PAGES_S},
            "noop": {"target": f"0 files in <= {GOAL_NOOP_S} s", "value": [noop_written, noop_s],
                     "reached": noop_written == 0 and noop_s <= GOAL_NOOP_S},
            "issue_incremental_s": {"target": f"<= {GOAL_ISSUE_S}", "value": issue_s,
                                    "reached": issue_s <= GOAL_ISSUE_S}}})


if __name__ == "__main__":
    main()
