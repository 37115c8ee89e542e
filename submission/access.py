"""Loading a manuscript for the current user: the one way every package's views do it."""

from flask import abort
from flask_login import current_user

from accounts.policy import require
from core.extensions import db
from submission.models import Manuscript


def load_manuscript(manuscript_id: int, permission: str = "manuscript.view") -> Manuscript:
    """The manuscript if the current user may have it; 404 otherwise (no hint it exists)."""
    manuscript = db.session.get(Manuscript, manuscript_id)
    if manuscript is None:
        abort(404)
    require(current_user, permission, manuscript)
    return manuscript
