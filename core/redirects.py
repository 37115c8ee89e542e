"""Where a `next=` parameter may lead: a path on this site, nothing else.

Browsers forgive a lot in a Location header: they drop tabs and line breaks, read a backslash
as a slash, and take `//host` as another site. So a target passes only if it is a plain
absolute path: one leading slash, no scheme or host, no backslash, no control character or
white space anywhere (after the query string has been decoded).
"""

from urllib.parse import urlsplit


def local_path(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default`."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return default
    if "\\" in target or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
