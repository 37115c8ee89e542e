"""Peer review figures: rendering the decision page of a manuscript with 5 reviews (among many
other assignments), and anonymising a 5 MB Word file as the worker does.

    .venv/bin/python -m bench.review_bench [--assignments 300000] [--runs 30]

Uses a scratch SQLite database unless DATABASE_URL points elsewhere. Prints a table and writes
bench/results/review.json.
"""

import argparse
import io
import os
import random
import time
import zipfile
from datetime import timedelta

from sqlalchemy import event, insert

from bench.common import median, percentile, print_table, scratch_dir, write_results

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def big_docx(size_mb: float = 5.0) -> bytes:
    """About `size_mb` MB: ~1 MB of Chinese text with an author's properties and comments, the
    rest an embedded image (incompressible bytes), as real manuscripts with figures are."""
    from docx import Document

    document = Document()
    document.core_properties.author = "张伟"
    document.core_properties.last_modified_by = "李娜"
    paragraph = None
    for i in range(2500):
        paragraph = document.add_paragraph(f"第{i}段：高校图书馆科研数据服务的调查与分析。" * 6)
    document.add_comment(paragraph.runs, text="请核对", author="李娜", initials="LN")
    out = io.BytesIO()
    document.save(out)
    rng = random.Random(42)
    padding = int(size_mb * 1024 * 1024) - len(out.getvalue())
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("word/media/image1.png", rng.randbytes(max(padding, 0)))
    return out.getvalue()


def bench_anonymise(runs: int) -> dict:
    from review.anonymise import anonymise, names_in, text_of

    data = big_docx()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        clean = anonymise(data, DOCX)
        names_in(text_of(clean, DOCX), ["张伟", "Zhang Wei", "李娜"])
        times.append((time.perf_counter() - start) * 1000)
    return {"size_mb": round(len(data) / 1024 / 1024, 2), "runs": runs,
            "median_ms": round(median(times), 1), "p95_ms": round(percentile(times, 95), 1)}


def seed(app, assignments: int) -> tuple[int, int]:
    """An editor, five reviewers with submitted reviews on one manuscript, and `assignments`
    other assignments spread over other manuscripts' rounds."""
    from accounts.models import Role, User
    from core.clock import utcnow
    from core.extensions import db
    from journal.models import get_journal
    from review.models import ReviewAssignment, ReviewRound
    from review.rubric import criteria_for_column, freeze
    from submission.models import Manuscript, ManuscriptAuthor

    with app.app_context():
        db.create_all()
        get_journal()
        editor = User(email="editor@bench", name="编辑", password_hash="x")
        editor.grant(Role.EDITOR)
        reviewers = []
        for i in range(50):
            user = User(email=f"r{i}@bench", name=f"审稿人{i}", password_hash="x")
            user.grant(Role.REVIEWER)
            reviewers.append(user)
        author = User(email="author@bench", name="张伟", password_hash="x")
        db.session.add_all([editor, author, *reviewers])
        db.session.flush()
        rubric = freeze(criteria_for_column(None))
        now = utcnow()
        manuscripts = [Manuscript(submitter_id=author.id, state="under_review",
                                  number=f"HBKJTY-2026-{i:05d}", title_zh=f"稿件{i}")
                       for i in range(max(1, assignments // 3) + 1)]
        db.session.add_all(manuscripts)
        db.session.flush()
        target = manuscripts[0]
        target.authors.append(ManuscriptAuthor(name="张伟", email="zw@bench"))
        rows = [{"manuscript_id": m.id, "number": 1, "editor_id": editor.id, "rubric": rubric,
                 "started_at": now} for m in manuscripts]
        db.session.execute(insert(ReviewRound), rows)
        round_ids = [r.id for r in db.session.scalars(
            db.select(ReviewRound).order_by(ReviewRound.manuscript_id))]
        base = {"state": "submitted", "invited_at": now - timedelta(days=20),
                "response_due_at": now, "review_due_at": now, "submitted_at": now,
                "token_nonce": "", "decline_reason": "", "suggested_reviewer": "",
                "competing_interests": "", "affiliation_warning": False,
                "recommendation": "minor_revision", "comments_to_author": "意见" * 200,
                "comments_to_editor": "", "annotated_mimetype": "", "weighted_total": 80.0}
        rng = random.Random(1)
        first = [dict(base, round_id=round_ids[0], reviewer_id=reviewers[i].id, label=i + 1,
                      scores={c["key"]: rng.randint(1, 5) for c in rubric}) for i in range(5)]
        db.session.execute(insert(ReviewAssignment), first)
        batch = []
        for n in range(assignments):
            batch.append(dict(base, round_id=round_ids[1 + n // 3],
                              reviewer_id=reviewers[5 + n % 45].id, label=n % 3 + 1,
                              scores={c["key"]: 4 for c in rubric}))
            if len(batch) == 20_000:
                db.session.execute(insert(ReviewAssignment), batch)
                batch = []
        if batch:
            db.session.execute(insert(ReviewAssignment), batch)
        db.session.commit()
        return target.id, editor.id


def bench_decision_page(runs: int, assignments: int) -> dict:
    from accounts.models import User, session_id
    from core.extensions import db
    from kanwu.app import create_app

    with scratch_dir("kanwu-review-bench-") as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp),
                          "WTF_CSRF_ENABLED": False, "MAIL_BACKEND": "memory",
                          "MAIL_DISPATCH_AFTER_COMMIT": False, "SECRET_KEY": "bench"})
        start = time.perf_counter()
        manuscript_id, editor_id = seed(app, assignments)
        seeded = time.perf_counter() - start
        client = app.test_client()
        with app.app_context():  # the session carries the id, the session token, the time
            value = session_id(db.session.get(User, editor_id))
        with client.session_transaction() as session:
            session["_user_id"] = value
        page = f"/review/manuscripts/{manuscript_id}/decision"
        first = client.get(page)
        assert first.status_code == 200, first.get_data(as_text=True)[-3000:]
        counted = []
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", lambda *a: counted.append(1))
        times, queries = [], []
        for _ in range(runs):
            counted.clear()
            start = time.perf_counter()
            response = client.get(page)
            times.append((time.perf_counter() - start) * 1000)
            queries.append(len(counted))
            assert response.status_code == 200 and "审稿人5" in response.get_data(as_text=True)
        with app.app_context():
            db.drop_all() if url.startswith("postgresql") else None
    return {"assignments_in_db": assignments + 5, "reviews_on_page": 5, "runs": runs,
            "seed_seconds": round(seeded, 1), "median_ms": round(median(times), 1),
            "p95_ms": round(percentile(times, 95), 1), "queries": max(queries),
            "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    decision = bench_decision_page(args.runs, args.assignments)
    anonymised = bench_anonymise(max(3, args.runs // 6))
    print_table(
        ["measure", "median ms", "p95 ms", "runs", "notes"],
        [["decision page, 5 reviews", decision["median_ms"], decision["p95_ms"], decision["runs"],
          f"{decision['queries']} SQL statements; {decision['assignments_in_db']:,} assignments "
          f"in {decision['database']}"],
         ["anonymise 5 MB .docx", anonymised["median_ms"], anonymised["p95_ms"],
          anonymised["runs"], f"{anonymised['size_mb']} MB, metadata + name check"]])
    write_results("review", {"decision_page": decision, "anonymise_docx": anonymised})


if __name__ == "__main__":
    main()
