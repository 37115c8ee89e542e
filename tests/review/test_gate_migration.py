"""Upgrading an instance whose copies went out with a "names still in the text" badge holds
those copies, so an editor resolves them before any more reviewers get them."""

import json
import os
import sqlite3
import subprocess
import sys

from core.config import PROJECT_ROOT


def _upgrade(url: str, revision: str) -> None:
    env = dict(os.environ, DATABASE_URL=url, KANWU_ENV="development")
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade", revision],  # noqa: S603
                   cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)


def test_flagged_ready_copies_are_held_by_the_upgrade(app, tmp_path):
    path = tmp_path / "old.sqlite3"
    _upgrade(f"sqlite:///{path}", "e2f069b36d6a")
    with sqlite3.connect(path) as conn:
        for file_id, state, names in ((1, "ready", ["张伟"]), (2, "ready", []),
                                      (3, "pending", [])):
            conn.execute(
                "INSERT INTO review_files (id, round_id, source_file_id, kind, filename, "
                "mimetype, state, names_found, error, created_at) VALUES "
                "(?, 1, 1, 'manuscript', 'x.docx', 'application/pdf', ?, ?, '', "
                "'2026-01-01 00:00:00')", (file_id, state, json.dumps(names)))
    _upgrade(f"sqlite:///{path}", "gate_review_file_hits")
    with sqlite3.connect(path) as conn:
        rows = {r[0]: (r[1], json.loads(r[2])) for r in conn.execute(
            "SELECT id, state, hits FROM review_files ORDER BY id")}
    assert rows[1][0] == "held" and [h["value"] for h in rows[1][1]] == ["张伟"]
    assert rows[2] == ("ready", []) and rows[3] == ("pending", [])
