"""One notification path: services send domain events, and only the receivers in each
package's notifications.py (and the outbox itself) queue mail."""

import ast
from pathlib import Path

import kanwu.app
from core.config import PROJECT_ROOT

ALLOWED = {Path("core/outbox.py")}


def _sources():
    for package in (*kanwu.app.PACKAGES, "kanwu"):
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            yield path.relative_to(PROJECT_ROOT)


def _queues_mail(path: Path) -> list[int]:
    """Lines that call queue_email or import it (an alias would hide a call)."""
    tree = ast.parse((PROJECT_ROOT / path).read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            names = [getattr(node.func, "id", None) or getattr(node.func, "attr", None)]
        elif isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
        else:
            continue
        if "queue_email" in names:
            lines.append(node.lineno)
    return lines


def test_only_the_receivers_queue_mail():
    found = {path: _queues_mail(path) for path in _sources()}
    outside = {str(path): lines for path, lines in found.items()
               if lines and path not in ALLOWED and path.name != "notifications.py"}
    assert outside == {}, "queue mail in a receiver (<package>/notifications.py) on an event"
    assert {path.parts[0] for path, lines in found.items() if lines} == {
        "accounts", "submission", "review", "production", "publishing"}


def test_every_receiver_module_is_connected_by_the_shell():
    modules = {path.with_suffix("").as_posix().replace("/", ".") for path in _sources()
               if path.name == "notifications.py"}
    assert modules == {module.__name__ for module in kanwu.app.MAIL_RECEIVERS}
