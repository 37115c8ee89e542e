"""Content-addressed file storage: files live under their sha256, never under a user's name.

Writes go to a temporary file and are renamed into place, so a failed upload leaves nothing.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app


def storage_root() -> Path:
    root = Path(current_app.config["UPLOAD_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def path_for(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a sha256 digest")
    return storage_root() / sha256[:2] / sha256


def save_bytes(data: bytes) -> str:
    """Store `data`; return its sha256. Storing the same bytes twice keeps one copy."""
    digest = hashlib.sha256(data).hexdigest()
    target = path_for(digest)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def read_bytes(sha256: str) -> bytes:
    return path_for(sha256).read_bytes()


def path_for_digest_exists(data: bytes) -> bool:
    return path_for(hashlib.sha256(data).hexdigest()).exists()


def discard(sha256: str) -> None:
    """Remove a file this request stored but could not record (no orphans)."""
    path_for(sha256).unlink(missing_ok=True)
