"""Serve the built site from SITE_DIR in front of the app (the embedded default; nginx does
the same in production). A plain WSGI layer, so a page costs one stat and one read:
ETag and Last-Modified with conditional GETs, cache headers, and the app for everything
that is not a file of the site (logins, the editors' pages, search, ...).

`?lang=en` on a site page redirects to its English copy under /en/ (and `?lang=zh_CN` back),
and the app's language switch (/lang/<code>?next=<page>) lands on the page in that language.
"""

import os
import stat
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".ris": "application/x-research-info-systems; charset=utf-8",
    ".bib": "application/x-bibtex; charset=utf-8",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
SPECIAL_TYPES = {"/feed.xml": "application/atom+xml; charset=utf-8"}
CACHE = {".html": "public, max-age=300", ".xml": "public, max-age=300",
         ".css": "public, max-age=86400", ".js": "public, max-age=86400",
         ".png": "public, max-age=86400", ".jpg": "public, max-age=86400"}
DEFAULT_CACHE = "public, max-age=3600"


def english(path: str) -> bool:
    return path == "/en" or path.startswith("/en/")


def counterpart(path: str, lang: str) -> str:
    """The same page in the other language."""
    if lang.lower().startswith("en"):
        return path if english(path) else "/en" + path
    return (path[3:] or "/") if english(path) else path


CACHE_ENTRIES = 1024  # recently served files kept in memory (checked against stat each time)


class SiteServer:
    def __init__(self, app, site_dir: str):
        self.app = app
        self.root = Path(site_dir)
        self.cache: dict[str, tuple] = {}

    def resolve(self, path: str) -> tuple[str, os.stat_result] | None:
        """The file under the site directory for a URL path, or None."""
        if "\x00" in path or "\\" in path:
            return None
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") for p in parts):
            return None
        base = os.path.join(self.root, *parts)
        candidates = [os.path.join(base, "index.html")] if path.endswith("/") or not parts \
            else [base, base + ".html", os.path.join(base, "index.html")]
        for candidate in candidates:
            try:
                st = os.stat(candidate)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                return candidate, st
        return None

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO") or "/"
        if method not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        if path.startswith("/lang/"):
            return self.app(environ, self._language_switch(path, start_response))
        found = self.resolve(path)
        if found is None:
            return self.app(environ, start_response)
        filename, st = found
        query = environ.get("QUERY_STRING", "")
        if "lang=" in query and filename.endswith(".html"):
            lang = (parse_qs(query).get("lang") or [""])[0]
            target = counterpart(path, lang) if lang else path
            if target != path:
                start_response("302 Found", [("Location", target), ("Content-Length", "0")])
                return [b""]
        return self._file(environ, start_response, path, filename, st, method)

    def _load(self, path: str, filename: str, st: os.stat_result) -> tuple:
        """(etag, validators and cache headers, full headers, body) of a file, from memory
        while its size and modification time are unchanged (a rebuild renames a new file in)."""
        version = (st.st_ino, st.st_mtime_ns, st.st_size)
        cached = self.cache.get(filename)
        if cached is not None and cached[0] == version:
            return cached[1]
        etag = f'"{st.st_size:x}-{st.st_mtime_ns:x}"'
        ext = os.path.splitext(filename)[1]
        base = [("ETag", etag), ("Last-Modified", formatdate(st.st_mtime, usegmt=True)),
                ("Cache-Control", CACHE.get(ext, DEFAULT_CACHE)),
                ("X-Content-Type-Options", "nosniff")]
        with open(filename, "rb") as fh:
            body = fh.read()
        content_type = SPECIAL_TYPES.get(path) or TYPES.get(ext, "application/octet-stream")
        full = [*base, ("Content-Type", content_type), ("Content-Length", str(len(body)))]
        entry = (etag, base, full, body)
        if len(self.cache) >= CACHE_ENTRIES:  # threads may race here: never fail on it
            self.cache.pop(next(iter(self.cache), None), None)
        self.cache[filename] = (version, entry)
        return entry

    def _file(self, environ, start_response, path, filename, st, method):
        etag, base, full, body = self._load(path, filename, st)
        if self._not_modified(environ, etag, st.st_mtime):
            start_response("304 Not Modified", list(base))
            return [b""]
        start_response("200 OK", list(full))
        return [b""] if method == "HEAD" else [body]

    @staticmethod
    def _not_modified(environ, etag: str, mtime: float) -> bool:
        match = environ.get("HTTP_IF_NONE_MATCH")
        if match is not None:
            return etag in [m.strip() for m in match.split(",")] or match.strip() == "*"
        since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if since:
            try:
                return int(mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _language_switch(self, path: str, start_response):
        lang = path.removeprefix("/lang/")

        def respond(status, headers, exc_info=None):
            fixed = []
            for name, value in headers:
                if name.lower() == "location":
                    parts = urlsplit(value)
                    target = counterpart(parts.path or "/", lang)
                    if self.resolve(target) is not None and self.resolve(parts.path or "/"):
                        value = target
                fixed.append((name, value))
            return start_response(status, fixed, exc_info)

        return respond
