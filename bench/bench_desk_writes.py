"""What the desk's generation listeners cost the writes (journal/generations.py).

    .venv/bin/python bench/bench_desk_writes.py [--db kanwu_bench_writes] [--transactions 1000]
        [--threads 4] [--runs 3]

On a scratch PostgreSQL database (dropped and created again, migrated), each run times, with
the two generation listeners on and then off:
- a move: one transaction that changes a manuscript's state (a watched field, so the desk
  generation is bumped) and adds its audit event, committed; one after another;
- an edit of a field the desk does not show (the abstract): the listeners look, bump nothing;
- moves from `--threads` threads at once on different manuscripts (every bump takes the one
  counter row's lock until its commit).
Prints a table (medians of the runs) and writes bench/results/desk_writes.json.
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.generate import bench_url, make_app, recreate_database  # noqa: E402


def listeners(on: bool) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from journal import generations

    for name, fn in (("after_flush", generations._bump_for_flushed_objects),
                     ("do_orm_execute", generations._bump_for_bulk_statements)):
        if on and not event.contains(Session, name, fn):
            event.listen(Session, name, fn)
        elif not on and event.contains(Session, name, fn):
            event.remove(Session, name, fn)


def seed(n: int) -> list[int]:
    from accounts.models import User
    from core.extensions import db
    from journal.models import Column
    from submission.models import Manuscript, ManuscriptAuthor

    user = User(email="writer@bench.kanwu", name="作者", password_hash="x")
    column = Column(slug="bench", name_zh="栏目", name_en="Column")
    db.session.add_all([user, column])
    db.session.flush()
    rows = []
    for i in range(n):
        m = Manuscript(submitter_id=user.id, column_id=column.id, state="submitted",
                       number=f"HBKJTY-2026-{i + 1:04d}", number_year=2026,
                       title_zh=f"高校图书馆数据服务研究{i}", title_en=f"Data services {i}",
                       abstract_zh="目的：探讨。", abstract_en="Purpose.")
        m.authors.append(ManuscriptAuthor(position=0, name="张伟", email="z@example.org"))
        rows.append(m)
    db.session.add_all(rows)
    db.session.commit()
    return [m.id for m in rows]


def move(manuscript_id: int, n: int) -> float:
    from core.clock import utcnow
    from core.extensions import db
    from submission.models import Manuscript, WorkflowEvent

    started = time.perf_counter()
    manuscript = db.session.get(Manuscript, manuscript_id)
    old = manuscript.state
    manuscript.state = "received" if old == "submitted" else "submitted"
    manuscript.state_changed_at = utcnow()
    db.session.add(WorkflowEvent(manuscript_id=manuscript_id, action=f"bench{n % 2}",
                                 from_state=old, to_state=manuscript.state))
    db.session.commit()
    return time.perf_counter() - started


def edit(manuscript_id: int, n: int) -> float:
    from core.extensions import db
    from submission.models import Manuscript

    started = time.perf_counter()
    manuscript = db.session.get(Manuscript, manuscript_id)
    manuscript.abstract_zh = f"目的：探讨第{n}稿。"
    db.session.commit()
    return time.perf_counter() - started


def serial(app, work, ids: list[int], transactions: int) -> dict:
    with app.app_context():
        times = [work(ids[n % len(ids)], n) for n in range(transactions)]
    total = sum(times)
    return {"tx_per_s": transactions / total, "p50_ms": 1e3 * statistics.median(times),
            "p99_ms": 1e3 * common.percentile(times, 99)}


def concurrent(app, ids: list[int], transactions: int, threads: int) -> dict:
    per_thread = transactions // threads
    times: list[float] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        mine = ids[k::threads]
        with app.app_context():
            spent = [move(mine[n % len(mine)], n) for n in range(per_thread)]
        with lock:
            times.extend(spent)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - started
    return {"tx_per_s": len(times) / wall, "p50_ms": 1e3 * statistics.median(times),
            "p99_ms": 1e3 * common.percentile(times, 99)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="kanwu_bench_writes")
    parser.add_argument("--transactions", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    recreate_database(args.db)
    app = make_app(args.db)
    app.config["SQLALCHEMY_DATABASE_URI"] = bench_url(args.db)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        ids = seed(200)
    kinds = {"move (bumps)": lambda: serial(app, move, ids, args.transactions),
             "edit of the abstract (no bump)": lambda: serial(app, edit, ids,
                                                             args.transactions),
             f"moves from {args.threads} threads": lambda: concurrent(
                 app, ids, args.transactions, args.threads)}
    runs: dict = {(k, on): [] for k in kinds for on in (True, False)}
    for _ in range(args.runs):
        for kind, measure in kinds.items():
            for on in (True, False):  # (alternated: the machine's noise falls on both)
                listeners(on)
                runs[(kind, on)].append(measure())
    listeners(True)
    rows, out = [], []
    for kind in kinds:
        row = {"kind": kind}
        for on, label in ((True, "with"), (False, "without")):
            for key in ("tx_per_s", "p50_ms", "p99_ms"):
                row[f"{label}_{key}"] = common.median([r[key] for r in runs[(kind, on)]])
            row[f"{label}_runs"] = runs[(kind, on)]
        out.append(row)
        rows.append([kind, row["with_tx_per_s"], row["without_tx_per_s"], row["with_p50_ms"],
                     row["without_p50_ms"], row["with_p99_ms"], row["without_p99_ms"]])
    print()
    common.print_table(["transactions", "tx/s with", "tx/s without", "p50 ms with",
                        "p50 ms without", "p99 ms with", "p99 ms without"], rows)
    common.write_results("desk_writes", {"db": args.db, "transactions": args.transactions,
                                         "threads": args.threads, "runs": args.runs,
                                         "kinds": out})


if __name__ == "__main__":
    main()
