"""Goal 3 — acknowledgement latency: submit -> mail in the SMTP sink.

    .venv/bin/python bench/bench_ack_latency.py [--authors 20] [--each 3] [--runs 3]

Brings up the production stack (bench/stack.sh: nginx, gunicorn, PostgreSQL, Redis, ONE
Celery worker process with concurrency 1, beat, an SMTP sink), seeds the authors, and lets
them all submit at once through nginx, `--each` manuscripts each, with the wizard as a browser
drives it. Latency is measured from the author's click on "submit" to the acknowledgement's
arrival in the sink, for every acknowledgement (submitter and co-authors).
Goal: p50 <= 1 s, p99 <= 3 s.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, stackrun  # noqa: E402

GOAL_P50, GOAL_P99 = 1.0, 3.0


def one_run(args, tmp: Path) -> dict:
    with stackrun.stack(tmp, worker_concurrency=1) as st:
        authors = stackrun.seed_authors(st, args.authors)
        subs, wall = stackrun.run_authors(st.nginx, authors, args.each, pad_to=0)
        failed = [s for s in subs if s.error]
        expected = sum(len(s.recipients) for s in subs if s.number)
        mails = stackrun.wait_for_acknowledgements(st.maildir, subs, timeout=300)
    acks = stackrun.acknowledgements(mails, subs)
    by_number = {s.number: s for s in subs if s.number}
    latencies = [mail.arrived - by_number[number].started
                 for (number, _rcpt), found in acks.items() for mail in found[:1]]
    return {
        "submissions": len(subs), "failed": len(failed),
        "errors": [s.error for s in failed][:5], "wall_s": wall,
        "acks_expected": expected, "acks_received": sum(1 for f in acks.values() if f),
        "acks_doubled": sum(1 for f in acks.values() if len(f) > 1),
        "p50_s": common.percentile(latencies, 50), "p90_s": common.percentile(latencies, 90),
        "p99_s": common.percentile(latencies, 99), "max_s": max(latencies, default=float("nan")),
        "submit_click_p50_s": common.percentile([s.done - s.started for s in subs if s.number],
                                                50),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--authors", type=int, default=20)
    parser.add_argument("--each", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for n in range(args.runs):
        with common.scratch_dir("kanwu-bench-ack-") as tmp:
            run = one_run(args, tmp)
        runs.append(run)
        print(f"  run {n + 1}: p50 {run['p50_s']:.2f} s, p99 {run['p99_s']:.2f} s, "
              f"{run['acks_received']}/{run['acks_expected']} acknowledgements, "
              f"{run['failed']} failed submissions")
    p50 = common.median([r["p50_s"] for r in runs])
    p99 = common.median([r["p99_s"] for r in runs])
    print()
    common.print_table(
        ["run", "submissions", "failed", "acks", "doubled", "p50 s", "p90 s", "p99 s", "max s"],
        [[i + 1, r["submissions"], r["failed"], f"{r['acks_received']}/{r['acks_expected']}",
          r["acks_doubled"], r["p50_s"], r["p90_s"], r["p99_s"], r["max_s"]]
         for i, r in enumerate(runs)])
    complete = all(r["acks_received"] == r["acks_expected"] and not r["failed"]
                   and not r["acks_doubled"] for r in runs)
    goals = {"p50_s": {"target": f"<= {GOAL_P50}", "value": p50, "reached": p50 <= GOAL_P50},
             "p99_s": {"target": f"<= {GOAL_P99}", "value": p99, "reached": p99 <= GOAL_P99},
             "every_ack_once": {"value": complete, "reached": complete}}
    print(f"\nmedian of runs: p50 {p50:.2f} s (goal <= {GOAL_P50}) "
          f"{common.verdict(goals['p50_s']['reached'])}; p99 {p99:.2f} s (goal <= {GOAL_P99}) "
          f"{common.verdict(goals['p99_s']['reached'])}; every acknowledgement once: {complete}")
    common.write_results("ack_latency", {"authors": args.authors, "each": args.each,
                                         "worker": "1 process, concurrency 1", "runs": runs,
                                         "goals": goals})


if __name__ == "__main__":
    main()
