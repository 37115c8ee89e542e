"""Goal 4 — submission under load: 50 authors submitting 1 MB docx files at once through
gunicorn on PostgreSQL.

    .venv/bin/python bench/bench_submit_load.py [--authors 50] [--mb 1] [--runs 3]

Brings up the production stack (bench/stack.sh), seeds the authors, logs each in, then all
run the submission wizard at the same moment straight against gunicorn (deploy/gunicorn.conf.py),
each uploading its own ~1 MB docx. Checks: every submission saved, the numbers distinct and
gap-free, every author of every manuscript acknowledged exactly once. Reports p50/p99 of the
whole wizard and of the final submit click, and submissions per second.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, stackrun  # noqa: E402

COUNT_SQL = """
from kanwu.app import create_app
from core.extensions import db
from sqlalchemy import text
app = create_app()
with app.app_context():
    print(db.session.execute(text(  # the bench authors' manuscripts, not the demo's
        "SELECT count(*) FROM manuscripts m JOIN users u ON u.id = m.submitter_id "
        "WHERE u.email LIKE 'bench-author%' AND m.state = 'submitted'")).scalar())
"""


def one_run(args, tmp: Path) -> dict:
    with stackrun.stack(tmp, worker_concurrency=2) as st:
        authors = stackrun.seed_authors(st, args.authors)
        subs, wall = stackrun.run_authors(st.gunicorn, authors, 1,
                                          pad_to=int(args.mb * 1_000_000))
        saved = int(st.python(COUNT_SQL).strip())
        expected = sum(len(s.recipients) for s in subs if s.number)
        mails = stackrun.wait_for_acknowledgements(st.maildir, subs, timeout=300)
    numbers = sorted(s.number for s in subs if s.number)
    seq = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    gap_free = seq == list(range(seq[0], seq[0] + len(seq))) if seq else False
    acks = stackrun.acknowledgements(mails, subs)
    ok = [s for s in subs if s.number]
    return {
        "submissions": len(subs), "failed": len(subs) - len(ok),
        "errors": [s.error for s in subs if s.error][:5],
        "saved_in_db": saved, "distinct_numbers": len(set(numbers)), "gap_free": gap_free,
        "numbers": [numbers[0], numbers[-1]] if numbers else [],
        "acks_expected": expected, "acks_received": sum(1 for f in acks.values() if f),
        "acks_doubled": sum(1 for f in acks.values() if len(f) > 1),
        "wall_s": wall, "submissions_per_s": len(ok) / wall if wall else 0.0,
        "wizard_p50_s": common.percentile([s.done - s.wizard_started for s in ok], 50),
        "wizard_p99_s": common.percentile([s.done - s.wizard_started for s in ok], 99),
        "submit_p50_s": common.percentile([s.done - s.started for s in ok], 50),
        "submit_p99_s": common.percentile([s.done - s.started for s in ok], 99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--authors", type=int, default=50)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for n in range(args.runs):
        with common.scratch_dir("kanwu-bench-load-") as tmp:
            run = one_run(args, tmp)
        runs.append(run)
        print(f"  run {n + 1}: {run['saved_in_db']} saved, {run['distinct_numbers']} numbers "
              f"(gap-free: {run['gap_free']}), {run['acks_received']}/{run['acks_expected']} "
              f"acknowledgements ({run['acks_doubled']} doubled), "
              f"{run['submissions_per_s']:.2f} submissions/s")
    print()
    common.print_table(
        ["run", "saved", "numbers", "gap-free", "acks", "doubled", "wizard p50 s",
         "wizard p99 s", "submit p50 s", "submit p99 s", "subs/s"],
        [[i + 1, r["saved_in_db"], r["distinct_numbers"], r["gap_free"],
          f"{r['acks_received']}/{r['acks_expected']}", r["acks_doubled"], r["wizard_p50_s"],
          r["wizard_p99_s"], r["submit_p50_s"], r["submit_p99_s"], r["submissions_per_s"]]
         for i, r in enumerate(runs)])
    correct = all(r["saved_in_db"] == args.authors and r["distinct_numbers"] == args.authors
                  and r["gap_free"] and r["acks_received"] == r["acks_expected"]
                  and not r["acks_doubled"] for r in runs)
    summary = {key: common.median([r[key] for r in runs])
               for key in ("wizard_p50_s", "wizard_p99_s", "submit_p50_s", "submit_p99_s",
                           "submissions_per_s")}
    print(f"\nall saved, {args.authors} distinct gap-free numbers, every acknowledgement once: "
          f"{common.verdict(correct)}; medians: " +
          ", ".join(f"{k} {v:.2f}" for k, v in summary.items()))
    common.write_results("submit_load", {
        "authors": args.authors, "docx_mb": args.mb, "runs": runs, "medians": summary,
        "goals": {"correct": {"target": "all saved, distinct gap-free numbers, acks once",
                              "value": correct, "reached": correct}}})


if __name__ == "__main__":
    main()
