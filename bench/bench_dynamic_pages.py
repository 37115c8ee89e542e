"""Goal 2 — dynamic pages at scale.

    .venv/bin/python bench/generate.py            # once: 100,000 manuscripts into kanwu_bench
    .venv/bin/python bench/bench_dynamic_pages.py [--runs 3] [--duration 5] [--connections 2]
        [--only desk] [--desk-cache all|counts|none] [--name dynamic_pages]
        [--redis URL]

Starts gunicorn (deploy/gunicorn.conf.py, production settings) on the generated PostgreSQL
database, logs in as an editor and as an author, and measures each page with wrk from a
separate process: every queue of the editors' desk, search by number, title and author, the
author's dashboard, the manuscript console and the decision page.
Goal: p50 <= 50 ms and p99 <= 200 ms on every page.
"""

import argparse
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.client import Client  # noqa: E402
from bench.generate import PASSWORD, PG, bench_url  # noqa: E402

GOAL_P50_MS, GOAL_P99_MS = 50.0, 200.0

FACTS = [  # a number, a title fragment, an author name, the busiest author, a manuscript, a word
    "SELECT number FROM manuscripts WHERE number IS NOT NULL ORDER BY id LIMIT 1 OFFSET 5000",
    "SELECT left(title_zh, 6) FROM manuscripts WHERE state = 'under_review' ORDER BY id LIMIT 1",
    "SELECT name FROM manuscript_authors ORDER BY id LIMIT 1 OFFSET 777",
    "SELECT u.email FROM users u JOIN manuscripts m ON m.submitter_id = u.id "
    "WHERE u.email LIKE 'author%@bench.kanwu' GROUP BY u.email ORDER BY count(*) DESC LIMIT 1",
    "SELECT id::text FROM manuscripts WHERE state = 'under_review' ORDER BY id DESC LIMIT 1",
    # two characters (a word such as 高校): too short for the trigram index, a scan of titles
    "SELECT left(title_zh, 2) FROM manuscripts WHERE state = 'under_review' ORDER BY id LIMIT 1",
]


def facts(db: str) -> list[str]:
    import psycopg

    try:
        with psycopg.connect(f"{PG}/{db}") as conn:
            return [conn.execute(sql).fetchone()[0] for sql in FACTS]
    except (psycopg.Error, TypeError) as exc:
        raise SystemExit(f"no generated data in {db}? run bench/generate.py first ({exc})") from exc


def pages(facts: list[str], app_urls: set[str]) -> list[tuple[str, str, str]]:
    """(name, who, url) of every page measured; pages whose package has not landed are
    listed with an empty url."""
    number, title, author_name, _author_email, review_id, word = facts
    number, title, author_name, word = (quote(v) for v in (number, title, author_name, word))
    desk = [("desk: queue " + q, "editor", f"/desk/?queue={q}") for q in (
        "new", "returned", "received", "in_review", "decision_due", "revision", "accepted",
        "scheduled", "closed", "all")]
    desk += [
        ("desk: search by number", "editor", f"/desk/?queue=all&q={number}"),
        ("desk: search by last digits", "editor", f"/desk/?q={number[-4:]}"),
        ("desk: search by year and digits", "editor", f"/desk/?q={number[-9:]}"),
        ("desk: search by title", "editor", f"/desk/?queue=all&q={title}"),
        ("desk: search by author", "editor", f"/desk/?queue=all&q={author_name}"),
        ("desk: search, 2-character word", "editor", f"/desk/?queue=all&q={word}"),
        ("desk: deep page (keyset)", "editor", "/desk/?queue=closed&before=2000"),
        ("manuscript console", "editor", f"/desk/manuscripts/{review_id}"),
    ]
    out = [(n, w, u if "/desk/" in app_urls else "") for n, w, u in desk]
    out.append(("author dashboard", "author",
                "/manuscripts/" if "/manuscripts/" in app_urls else ""))
    decision = next((u for u in app_urls if u.endswith("/decision")), "")
    out.append(("decision page", "editor",
                decision.replace("<int:manuscript_id>", review_id) if decision else ""))
    return out


def url_rules(env: dict) -> set[str]:
    code = ("from kanwu.app import create_app\napp = create_app()\n"
            "print('\\n'.join(r.rule for r in app.url_map.iter_rules()))")
    out = common.subprocess.run([str(common.VENV_BIN / "python"), "-c", code], env=env,
                                cwd=common.ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(master: int, db: str) -> set[int]:
    """The gunicorn master and workers, and the PostgreSQL backends serving `db`."""
    import psycopg

    pids = {master}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.add(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    with psycopg.connect(f"{PG}/{db}") as conn:
        pids.update(row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (db,)))
    return pids


def measure(url: str, args, headers: dict, master: int) -> dict:
    """One wrk run, and the CPU time the app and its database backends spent per request
    (the cost of a page whatever else the machine runs; not counted: PostgreSQL's parallel
    workers, which come and go within a query)."""
    before_pids = server_pids(master, args.db)
    before = {pid: _cpu(pid) for pid in before_pids}
    run = common.wrk(url, connections=args.connections, duration=args.duration,
                     headers=headers)
    pids = before_pids | server_pids(master, args.db)
    spent = sum(_cpu(pid) - before.get(pid, 0.0) for pid in pids)
    run["cpu_ms"] = 1e3 * spent / max(run["requests"], 1)
    return run


def cookie_header(client: Client) -> str:
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="kanwu_bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    # 2 connections, as the reference figure of the issue (a Django journal system at 2).
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--only", default="", help="measure only pages whose name has this")
    parser.add_argument("--desk-cache", choices=["all", "counts", "none"], default="all",
                        help="bypass the desk's generation caches: all of them (none), or "
                        "the tables' (counts); bench/desk_uncached.py")
    parser.add_argument("--name", default="dynamic_pages", help="bench/results/<name>.json")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4")
    args = parser.parse_args()
    port = common.free_port()
    env = common.app_env(KANWU_ENV="production", SECRET_KEY=secrets.token_hex(16),
                         DATABASE_URL=bench_url(args.db),
                         REDIS_URL=args.redis, CELERY_BROKER_URL=args.redis,
                         BENCH_DESK_CACHE=args.desk_cache)
    known = facts(args.db)
    measured = []
    app = "wsgi:app" if args.desk_cache == "all" else "bench.desk_uncached:app"
    with common.scratch_dir("kanwu-bench-dyn-") as tmp, \
            common.process(common.gunicorn_cmd(port, app), env=env, port=port,
                           log=tmp / "gunicorn.log") as server:
        base = f"http://127.0.0.1:{port}"
        logins = {"editor": Client(base), "author": Client(base)}
        logins["editor"].login("editor1@bench.kanwu", PASSWORD)
        logins["author"].login(known[3], PASSWORD)
        for name, who, url in pages(known, url_rules(env)):
            if args.only not in name:
                continue
            if not url:
                print(f"  {name}: not available yet")
                measured.append({"page": name, "url": None})
                continue
            check = logins[who].get(url)
            if check.status != 200:
                print(f"  {name}: {url} answered {check.status} — not measured")
                measured.append({"page": name, "url": url, "status": check.status})
                continue
            headers = {"Cookie": cookie_header(logins[who])}
            runs = [measure(base + url, args, headers, server.pid) for _ in range(args.runs)]
            row = {"page": name, "url": url, "runs": runs,
                   "rps": common.median([r["rps"] for r in runs]),
                   "p50_ms": common.median([r["p50_ms"] for r in runs]),
                   "p99_ms": common.median([r["p99_ms"] for r in runs]),
                   "cpu_ms": common.median([r["cpu_ms"] for r in runs]),
                   "errors": sum(r["errors"] for r in runs), "bytes": len(check.body)}
            row["reached"] = row["p50_ms"] <= GOAL_P50_MS and row["p99_ms"] <= GOAL_P99_MS
            measured.append(row)
            print(f"  {name}: p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms, "
                  f"CPU {row['cpu_ms']:.1f} ms a page")
    print()
    common.print_table(["page", "req/s", "p50 ms", "p99 ms", "CPU ms", "errors", "goal"],
                       [[m["page"], m["rps"], m["p50_ms"], m["p99_ms"], m["cpu_ms"],
                         m["errors"], common.verdict(m["reached"])] if "rps" in m else
                        [m["page"], "n/a", "", "", "", "", "not measured"] for m in measured])
    done = [m for m in measured if "rps" in m]
    reached = bool(done) and all(m["reached"] for m in done)
    print(f"\n{len(done)} pages measured, goal (p50 <= {GOAL_P50_MS:.0f} ms, p99 <= "
          f"{GOAL_P99_MS:.0f} ms) {common.verdict(reached)} on all of them"
          + ("" if len(done) == len(measured) else f"; {len(measured) - len(done)} not measured"))
    common.write_results(args.name, {
        "db": args.db, "desk_cache": args.desk_cache,
        "connections": args.connections, "duration_s": args.duration,
        "runs": args.runs, "pages": measured,
        "goals": {"pages": {"target": f"p50 <= {GOAL_P50_MS} ms, p99 <= {GOAL_P99_MS} ms",
                            "reached": reached}}})


if __name__ == "__main__":
    main()
