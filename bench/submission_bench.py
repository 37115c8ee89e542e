"""Submission figures measured in-process with the Flask test client (no network):

- the final submit request (number, duplicate check against N earlier manuscripts, audit event,
  acknowledgement mails written to the outbox), median and p90 of `--runs` submits;
- the guideline compliance check (open the .docx safely, read it, check the rules) on a
  10,000-character manuscript, median of `--runs`.

    .venv/bin/python -m bench.submission_bench [--runs 30] [--earlier 10000] [--database URL]

Prints a table and writes bench/results/submission.json. SQLite in a scratch folder by default.
"""

import argparse
import random
import time

from bench import common


def build_app(database: str | None, folder):
    from core.extensions import db
    from kanwu.app import create_app

    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
        "INSTANCE_PATH": str(folder),
        "SQLALCHEMY_DATABASE_URI": database or f"sqlite:///{folder / 'bench.sqlite3'}",
        "MAIL_BACKEND": "memory", "MAIL_DISPATCH_AFTER_COMMIT": False,
        "CELERY_BROKER_URL": "memory://", "UPLOAD_DIR": str(folder / "uploads"),
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def seed_earlier(app, count: int) -> None:
    """`count` earlier manuscripts with fingerprints, as the duplicate check meets them."""
    from sqlalchemy import insert

    from accounts.models import User
    from core.extensions import db
    from submission.models import Manuscript

    rng = random.Random(7)
    with app.app_context():
        owner = User(email="earlier@example.org", name="旧稿作者")
        db.session.add(owner)
        db.session.flush()
        rows = [{"submitter_id": owner.id, "state": "rejected", "number": f"OLD-{i:06d}",
                 "number_year": 2020, "title_zh": f"旧稿{i}", "version_id": 1,
                 "simhash": rng.getrandbits(64) - (1 << 63), "keywords_zh": [],
                 "keywords_en": [], "grants": [], "compliance_report": {}}
                for i in range(count)]
        for start in range(0, count, 5000):
            db.session.execute(insert(Manuscript), rows[start:start + 5000])
        db.session.commit()


def measure_submits(app, runs: int) -> list[float]:
    from accounts.models import User, session_id
    from core.extensions import db
    from journal.models import Column
    from submission import services
    from submission.samples import sample_docx

    data = sample_docx()
    with app.test_request_context("/"):
        column = Column(slug="bench", name_zh="栏目", name_en="Column", length_limit_chars=8000)
        author = User(email="bench@example.org", name="张伟")
        db.session.add_all([column, author])
        db.session.flush()
        drafts = []
        for i in range(runs):
            manuscript = services.start_submission(author, column)
            services.confirm_checklist(manuscript, author)
            services.upload_file(manuscript, author, filename="a.docx", data=data)
            services.prefill_from_file(manuscript, author)
            services.save_metadata(manuscript, author, title_zh=f"高校图书馆数据服务研究{i}")
            services.add_author(manuscript, author, name="李娜", email=f"l{i}@example.org",
                                affiliation="河北大学", locale="en")
            drafts.append((manuscript.id, manuscript.version_id))
        db.session.commit()
        author_id = author.id
    client = app.test_client()
    with app.app_context():  # the session carries the id, the session token, the time
        value = session_id(db.session.get(User, author_id))
    with client.session_transaction() as session:
        session["_user_id"] = value
    timings = []
    for manuscript_id, version in drafts:
        started = time.perf_counter()
        response = client.post(f"/manuscripts/{manuscript_id}/submit",
                               data={"expected_version": version})
        timings.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
    return timings


def measure_compliance(app, runs: int) -> tuple[list[float], int]:
    from journal.models import get_journal
    from submission.compliance import build_report
    from submission.files import docx_paragraphs
    from submission.samples import sample_docx_of_length

    data = sample_docx_of_length(10_000)
    timings = []
    with app.test_request_context("/"):
        journal = get_journal()
        for _ in range(runs):
            started = time.perf_counter()
            report = build_report(docx_paragraphs(data), journal, None, None)
            timings.append(time.perf_counter() - started)
    length = next(i["params"]["actual"] for i in report["items"] if i["code"] == "length")
    return timings, length


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--earlier", type=int, default=10_000)
    parser.add_argument("--database", default=None, help="a scratch database URL (wiped!)")
    args = parser.parse_args()
    with common.scratch_dir("kanwu-bench-submission-") as folder:
        app = build_app(args.database, folder)
        seed_earlier(app, args.earlier)
        submits = measure_submits(app, args.runs)
        checks, length = measure_compliance(app, args.runs)
        dialect = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    ms = 1000
    rows = [
        [f"submit (test client, {args.earlier:,} earlier manuscripts)", args.runs,
         common.median(submits) * ms, common.percentile(submits, 90) * ms],
        [f"compliance check, {length:,}-character .docx", args.runs,
         common.median(checks) * ms, common.percentile(checks, 90) * ms],
    ]
    common.print_table(["measure", "runs", "median ms", "p90 ms"], rows)
    common.write_results("submission", {
        "database": dialect, "runs": args.runs, "earlier_manuscripts": args.earlier,
        "submit_median_ms": round(common.median(submits) * ms, 1),
        "submit_p90_ms": round(common.percentile(submits, 90) * ms, 1),
        "compliance_docx_chars": length,
        "compliance_median_ms": round(common.median(checks) * ms, 1),
        "compliance_p90_ms": round(common.percentile(checks, 90) * ms, 1),
    })


if __name__ == "__main__":
    main()
