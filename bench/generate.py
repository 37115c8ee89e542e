"""Fill a PostgreSQL database with a journal's worth of realistic data, fast (COPY).

    .venv/bin/python bench/generate.py [--db kanwu_bench] [--scale 1.0] [--seed 2026]

At scale 1: 10,000 users (editors, reviewers, authors), 100,000 manuscripts in every state
with their authors, files and audit trail, and — when the review package is installed —
300,000 review assignments. The database is dropped and created again, migrated with Alembic,
then filled; the same seed gives the same data. Logins for the benchmarks (password
`kanwu-bench-2026`): editor1@bench.kanwu … editor20@, chief1@bench.kanwu, author1@bench.kanwu …
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from bench.corpus import COLUMNS, Corpus  # noqa: E402
from core.progress import command_progress  # noqa: E402

PASSWORD = "kanwu-bench-2026"  # noqa: S105 - a benchmark login on a loopback database
PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
BASE_TIME = datetime(2026, 11, 1, 8, 0, 0)

# How the 100,000 manuscripts spread over the states (a mature journal's history).
STATE_SHARES = [
    ("draft", 0.05), ("submitted", 0.04), ("received", 0.04), ("under_review", 0.10),
    ("revision_requested", 0.05), ("accepted", 0.03), ("scheduled", 0.02), ("published", 0.30),
    ("rejected", 0.34), ("withdrawn", 0.03),
]
# The moves that lead to each state (the audit trail written for it).
PATHS = {
    "draft": [],
    "submitted": [("submit", "draft", "submitted")],
    "received": [("submit", "draft", "submitted"), ("receive", "submitted", "received")],
    "under_review": [("submit", "draft", "submitted"), ("receive", "submitted", "received"),
                     ("send_to_review", "received", "under_review")],
}
PATHS["revision_requested"] = PATHS["under_review"] + [
    ("request_revision", "under_review", "revision_requested")]
PATHS["accepted"] = PATHS["under_review"] + [("accept", "under_review", "accepted")]
PATHS["scheduled"] = PATHS["accepted"] + [("schedule", "accepted", "scheduled")]
PATHS["published"] = PATHS["scheduled"] + [("publish", "scheduled", "published")]
PATHS["rejected"] = PATHS["under_review"] + [("reject", "under_review", "rejected")]
PATHS["withdrawn"] = PATHS["received"] + [("withdraw", "received", "withdrawn")]


def bench_url(db: str) -> str:
    return f"{PG.replace('postgresql:', 'postgresql+psycopg:')}/{db}"


def recreate_database(db: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def make_app(db: str):
    os.environ["DATABASE_URL"] = bench_url(db)
    import importlib

    from kanwu.app import create_app

    for package in ("accounts", "submission", "review", "publishing", "editorial"):
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"{package}.models")
    return create_app({"SQLALCHEMY_DATABASE_URI": bench_url(db),
                       "MAIL_DISPATCH_AFTER_COMMIT": False, "SITE_BUILD_AFTER_COMMIT": False})


class Copier:
    """COPY rows (dicts) into a table; columns left out get the model's default."""

    def __init__(self, raw_conn, metadata):
        self.conn = raw_conn
        self.metadata = metadata
        self.counts: dict[str, int] = {}
        # Columns that are arrays on PostgreSQL (JSON elsewhere): COPY takes the list itself.
        from sqlalchemy import ARRAY
        from sqlalchemy.dialects import postgresql

        pg = postgresql.dialect()
        self.arrays = {t.name: {c.name for c in t.columns
                                if isinstance(c.type.dialect_impl(pg), ARRAY)}
                       for t in metadata.sorted_tables}

    def fill(self, table, row: dict) -> tuple:
        values = []
        for col in table.columns:
            if col.name in row:
                value = row[col.name]
            elif col.default is not None and col.default.is_scalar:
                value = col.default.arg
            elif col.default is not None and col.default.is_callable:
                value = col.default.arg(None)
            elif col.nullable or col.server_default is not None:
                value = None
            else:
                raise KeyError(f"{table.name}.{col.name} needs a value")
            if isinstance(value, dict | list) and col.name not in self.arrays[table.name]:
                value = json.dumps(value, ensure_ascii=False)
            values.append(value)
        return tuple(values)

    def copy(self, table_name: str, rows) -> None:
        table = self.metadata.tables[table_name]
        names = ", ".join(f'"{c.name}"' for c in table.columns)
        n = 0
        with self.conn.cursor() as cur, \
                cur.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as cp, \
                command_progress(f"  copying {table_name}") as progress:
            for row in rows:
                cp.write_row(self.fill(table, row))
                n += 1
                if n % 1000 == 0:
                    progress(n)
            progress(n, n)
        self.counts[table_name] = self.counts.get(table_name, 0) + n

    def max_id(self, table_name: str) -> int:
        """The largest id already in a table (the demo's rows come first)."""
        with self.conn.cursor() as cur:
            cur.execute(f'SELECT COALESCE(max(id), 0) FROM "{table_name}"')
            return cur.fetchone()[0]

    def copy_numbered(self, table_name: str, rows: list[dict]) -> None:
        """COPY rows that have no id yet, numbered after the rows already there."""
        base = self.max_id(table_name)
        self.copy(table_name, ({"id": base + i, **r} for i, r in enumerate(rows, start=1)))

    def reset_sequences(self) -> None:
        with self.conn.cursor() as cur:
            for table in self.metadata.sorted_tables:
                if "id" in table.columns and table.columns["id"].autoincrement:
                    cur.execute(f"SELECT pg_get_serial_sequence('\"{table.name}\"', 'id')")
                    seq = cur.fetchone()[0]
                    if seq:
                        cur.execute(f'SELECT setval(%s, COALESCE((SELECT max(id) FROM '
                                    f'"{table.name}"), 0) + 1, false)', (seq,))


class Generator:
    def __init__(self, copier: Copier, seed: int, scale: float):
        self.c = copier
        self.rng = random.Random(seed)
        self.corpus = Corpus(self.rng)
        self.n_users = max(60, int(10_000 * scale))
        self.n_manuscripts = max(100, int(100_000 * scale))
        self.n_assignments = max(300, int(300_000 * scale))
        self.password_hash = None
        self.editors: list[int] = []
        self.reviewers: list[int] = []
        self.authors: list[int] = []
        # (id, state, submitter id, submitted at, review started, last move) of each manuscript
        self.manuscripts: list[tuple] = []

    # ------------------------------------------------------------------ people
    def users(self) -> None:
        from accounts.passwords import hash_password

        self.password_hash = hash_password(PASSWORD)
        base = self.c.max_id("users")  # after the demo accounts
        rows, roles = [], []
        n_editors, n_chiefs, n_reviewers = 20, 2, max(30, self.n_users * 3 // 10)
        for n in range(1, self.n_users + 1):
            uid = base + n
            person = self.corpus.person()
            if n <= n_editors:
                email, granted = f"editor{n}@bench.kanwu", ["editor", "reviewer"]
                self.editors.append(uid)
            elif n <= n_editors + n_chiefs:
                email, granted = f"chief{n - n_editors}@bench.kanwu", ["chief_editor", "editor"]
                self.editors.append(uid)
            elif n == n_editors + n_chiefs + 1:
                email, granted = "admin@bench.kanwu", ["admin"]
            elif n <= n_editors + n_chiefs + 1 + n_reviewers:
                email, granted = f"reviewer{n}@bench.kanwu", ["reviewer", "author"]
                self.reviewers.append(uid)
                self.authors.append(uid)
            else:
                n_author = n - (n_editors + n_chiefs + 1 + n_reviewers)
                email, granted = f"author{n_author}@bench.kanwu", ["author"]
                self.authors.append(uid)
            created = BASE_TIME - timedelta(days=self.rng.randint(1, 3650))
            rows.append({"id": uid, "email": email, "password_hash": self.password_hash,
                         "name": person["name"], "name_pinyin": person["name_pinyin"],
                         "affiliation": person["affiliation"],
                         "locale": "en" if self.rng.random() < 0.1 else "zh_CN",
                         "expertise": "，".join(self.corpus.manuscript()["keywords_zh"][:3]),
                         "active": True, "email_confirmed_at": created, "created_at": created})
            roles.extend({"user_id": uid, "role": role} for role in granted)
        self.c.copy("users", rows)
        self.c.copy_numbered("user_roles", roles)

    # ------------------------------------------------------------------ journal
    def journal(self) -> None:
        from core.demo import load_demo

        load_demo()  # the journal profile, its columns and the six pages, as `flask demo` does

    def column_ids(self) -> list[int]:
        with self.c.conn.cursor() as cur:
            cur.execute("SELECT id FROM columns ORDER BY id")
            ids = [r[0] for r in cur.fetchall()]
        if ids:
            return ids
        rows = [{"id": i, "slug": slug, "name_zh": zh, "name_en": en, "position": i}
                for i, (slug, zh, en) in enumerate(COLUMNS, start=1)]
        self.c.copy("columns", rows)
        return [r["id"] for r in rows]

    # ------------------------------------------------------------------ manuscripts
    def manuscripts_rows(self):
        columns = self.column_ids()
        states = []
        for state, share in STATE_SHARES:
            states += [state] * round(share * self.n_manuscripts)
        states = (states + ["published"] * self.n_manuscripts)[: self.n_manuscripts]
        self.rng.shuffle(states)
        # submitted dates run over ten years; numbers are gap-free per year in date order
        dates = sorted(BASE_TIME - timedelta(minutes=self.rng.randint(0, 10 * 365 * 24 * 60))
                       for _ in range(self.n_manuscripts))
        from submission.models import title_bigrams

        per_year = self.numbers_taken()
        authors, events, files = [], [], []
        rows = []
        first = self.c.max_id("manuscripts") + 1
        for mid, (state, when) in enumerate(zip(states, dates, strict=True), start=first):
            meta = self.corpus.manuscript()
            submitter = self.rng.choice(self.authors)
            path = PATHS[state]
            number = year = None
            if path:
                year = when.year
                per_year[year] = per_year.get(year, 0) + 1
                number = f"HBKJTY-{year}-{per_year[year]:04d}"
            stamps = {}
            t = when
            review_start = None
            for action, frm, to in path:
                events.append({"manuscript_id": mid, "actor_id": submitter if action in (
                    "submit", "withdraw") else self.rng.choice(self.editors), "action": action,
                    "from_state": frm, "to_state": to, "note": "", "created_at": t})
                stamps[to] = t
                if to == "under_review" and review_start is None:
                    review_start = t
                t = t + timedelta(days=self.rng.randint(1, 40), minutes=self.rng.randint(0, 600))
            rows.append({
                "id": mid, "number": number, "number_year": year,
                "column_id": self.rng.choice(columns), "submitter_id": submitter, "state": state,
                "version_id": len(path) + 1, **meta,
                "title_bigrams": title_bigrams(meta["title_zh"], meta["title_en"]),
                "checklist_confirmed": True, "declaration_accepted": True,
                "wizard_step": "review" if state == "draft" else "done",
                "created_at": when - timedelta(hours=2), "updated_at": t,
                "state_changed_at": stamps.get(state, when),
                "submitted_at": stamps.get("submitted"), "received_at": stamps.get("received"),
                "accepted_at": stamps.get("accepted"), "published_at": stamps.get("published"),
            })
            for pos in range(self.rng.choice((1, 2, 2, 3, 3, 4))):
                person = self.corpus.person()
                authors.append({"manuscript_id": mid, "position": pos,
                                "user_id": submitter if pos == 0 else None,
                                **person, "email": f"coauthor{mid}-{pos}@example.org",
                                "corresponding": pos == 0, "locale": "zh_CN"})
            files.append({"manuscript_id": mid, "kind": "manuscript", "version": 1,
                          "original_name": "manuscript.docx",
                          "sha256": f"{self.rng.getrandbits(256):064x}",
                          "size": self.rng.randint(40_000, 3_000_000),
                          "mimetype": "application/vnd.openxmlformats-officedocument."
                                      "wordprocessingml.document",
                          "uploaded_by_id": submitter, "uploaded_at": when})
            self.manuscripts.append((mid, state, submitter, when, review_start, t))
        self.per_year = per_year
        return rows, authors, events, files

    def numbers_taken(self) -> dict[int, int]:
        """The last manuscript number of each year already given (the demo's)."""
        with self.c.conn.cursor() as cur:
            cur.execute("SELECT number_year, max(split_part(number, '-', 3)::int) FROM manuscripts"
                        " WHERE number ~ '^[A-Z]+-[0-9]{4}-[0-9]+$' GROUP BY number_year")
            return dict(cur.fetchall())

    def manuscripts_tables(self) -> None:
        rows, authors, events, files = self.manuscripts_rows()
        self.c.copy("manuscripts", rows)
        self.c.copy_numbered("manuscript_authors", authors)
        self.c.copy_numbered("workflow_events", events)
        self.c.copy_numbered("manuscript_files", files)
        with self.c.conn.cursor() as cur:
            # Loaded by COPY, not through the ORM: new generations for the desk's and the
            # statistics' caches.
            for generation in ("desk", "stats"):
                cur.execute("INSERT INTO generations (name, value) VALUES (%s, 1) ON CONFLICT "
                            "(name) DO UPDATE SET value = generations.value + 1", (generation,))
            # The next submission of each year numbers on from the generated ones.
            cur.execute(
                "INSERT INTO manuscript_number_counters (year, last) SELECT number_year, "
                "max(split_part(number, '-', 3)::int) FROM manuscripts WHERE number_year IS NOT "
                "NULL GROUP BY number_year ON CONFLICT (year) DO UPDATE SET last = "
                "GREATEST(manuscript_number_counters.last, EXCLUDED.last)")

    # ------------------------------------------------------------------ review
    def review_tables(self) -> None:
        """Rounds for every manuscript that went to review (a second round after a major
        revision for some), and `n_assignments` reviewer assignments spread over them."""
        from review.rubric import DEFAULT_CRITERIA

        rubric = [{"key": f"c{i + 1}", "name_zh": zh, "name_en": en, "weight": w, "max": 5}
                  for i, (zh, en, w) in enumerate(DEFAULT_CRITERIA)]
        final = {"accepted": "accept", "scheduled": "accept", "published": "accept",
                 "rejected": "reject", "revision_requested": "major_revision"}
        rounds = []  # (round row, open?)
        for mid, state, _submitter, _when, start, end in self.manuscripts:
            if start is None:
                continue
            editor = self.rng.choice(self.editors)
            two = state != "revision_requested" and self.rng.random() < 0.25
            first_end = start + (end - start) / 2 if two else end
            rounds.append(({"manuscript_id": mid, "number": 1, "editor_id": editor,
                            "rubric": rubric, "started_at": start,
                            "decision": "major_revision" if two else final.get(state),
                            "decided_at": first_end if two or state in final else None},
                           not two and state not in final))
            if two:
                rounds.append(({"manuscript_id": mid, "number": 2, "editor_id": editor,
                                "rubric": rubric, "started_at": first_end,
                                "decision": final.get(state),
                                "decided_at": end if state in final else None},
                               state not in final))
        per_round, extra = divmod(self.n_assignments, len(rounds))
        extra_rounds = set(self.rng.sample(range(len(rounds)), extra))
        assignments, recs = [], list(final.values())[:2] + ["minor_revision", "major_revision"]
        first = self.c.max_id("review_rounds") + 1
        for n, (row, open_round) in enumerate(rounds):
            rid = row["id"] = first + n
            count = per_round + (n in extra_rounds)
            for label, reviewer in enumerate(self.rng.sample(self.reviewers, count), start=1):
                invited = row["started_at"] + timedelta(hours=self.rng.randint(1, 48))
                if open_round:
                    state = self.rng.choice(("invited", "accepted", "accepted", "submitted",
                                             "declined"))
                else:
                    state = "submitted" if self.rng.random() < 0.85 else "declined"
                done = state == "submitted"
                scores = {c["key"]: self.rng.randint(2, 5) for c in rubric} if done else {}
                total = (round(100 * sum(c["weight"] * scores[c["key"]] for c in rubric)
                               / sum(c["weight"] * 5 for c in rubric), 1) if done else None)
                assignments.append({
                    "round_id": rid, "reviewer_id": reviewer, "label": label, "state": state,
                    "invited_by_id": row["editor_id"], "invited_at": invited,
                    "response_due_at": invited + timedelta(days=7),
                    "review_due_at": invited + timedelta(days=30),
                    "responded_at": None if state == "invited" else invited + timedelta(days=2),
                    "submitted_at": invited + timedelta(days=20) if done else None,
                    "scores": scores, "recommendation": self.rng.choice(recs) if done else None,
                    "weighted_total": total,
                    "comments_to_author": "论文选题有价值，建议补充调查数据并规范参考文献著录。"
                    if done else "",
                    "comments_to_editor": "", "token_nonce": f"{self.rng.getrandbits(64):016x}"})
        self.c.copy("review_rounds", (r for r, _open in rounds))
        self.c.copy_numbered("review_assignments", assignments)

    def run(self) -> None:
        steps = [("journal", self.journal), ("users", self.users),
                 ("manuscripts", self.manuscripts_tables)]
        if "review_assignments" in self.c.metadata.tables:
            steps.append(("review", self.review_tables))
        for name, step in steps:
            t = time.perf_counter()
            step()
            print(f"  {name:<12} {time.perf_counter() - t:6.1f} s")
        self.c.reset_sequences()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="kanwu_bench")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"generating into {args.db} (scale {args.scale}, seed {args.seed})")
    recreate_database(args.db)
    app = make_app(args.db)
    with app.app_context():
        from flask_migrate import upgrade

        from core.extensions import db

        upgrade()
        db.create_all()  # models whose migration has not been written yet
        raw = db.engine.raw_connection()
        try:
            copier = Copier(raw.driver_connection, db.metadata)
            gen = Generator(copier, args.seed, args.scale)
            gen.run()
            raw.commit()
        finally:
            raw.close()
        # Loaded by COPY, not through the ORM: the statistics' milestones from the trail.
        from reports.milestones import rebuild

        copier.counts["manuscript_milestones"] = rebuild()
        db.session.commit()
        # As autovacuum leaves a live database: statistics, and a visibility map that lets
        # the desk's covering indexes answer without reading the table.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    for table, n in sorted(copier.counts.items()):
        print(f"  {table:<24} {n:>9,}")
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
