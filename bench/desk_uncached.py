"""The app with the desk's generation caches bypassed (bench_dynamic_pages.py --desk-cache):
BENCH_DESK_CACHE=none computes the counts, year list and table on every page; =counts keeps
the counts and year list cached and renders every table."""

import os

from editorial import queues, views
from wsgi import app  # noqa: F401 - what gunicorn serves


class Uncached:
    """Reads and writes nothing: computes the value every time."""

    def get(self, _key, compute):
        return compute()


views._tables = Uncached()
if os.environ.get("BENCH_DESK_CACHE", "none") == "none":
    queues._counts_cache = Uncached()
