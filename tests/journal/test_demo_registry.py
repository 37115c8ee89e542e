"""`flask demo` runs every package's part: each part must be registered by the app itself,
not by whichever test happened to import it first (a fresh interpreter shows that)."""

import subprocess
import sys

SCRIPT = """
from kanwu.app import create_app
create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
from core.demo import DEMO_LOADERS
print(" ".join(sorted(fn.__module__ for _order, fn in DEMO_LOADERS)))
"""


def test_the_app_registers_every_packages_demo_part():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out == ["accounts.cli", "journal.demo", "publishing.demo", "review.demo",
                   "submission.demo"]
