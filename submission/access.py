"""Loading a manuscript, or one of its files, for the current user: the one way every
package's views do it. Load, 404 if missing, ask the policy once."""

from flask import abort
from flask_login import current_user

from accounts.policy import require
from core.extensions import db
from submission.models import Manuscript, ManuscriptFile


def load_manuscript(manuscript_id: int, permission: str = "manuscript.view") -> Manuscript:
    """The manuscript if the current user may have it; 404 otherwise (no hint it exists)."""
    manuscript = db.session.get(Manuscript, manuscript_id)
    if manuscript is None:
        abort(404)
    require(current_user, permission, manuscript)
    return manuscript


def load_file(manuscript_id: int, file_id: int) -> ManuscriptFile:
    """A file of the manuscript if the current user may read the manuscript; 404 otherwise."""
    manuscript = load_manuscript(manuscript_id)
    record = db.session.get(ManuscriptFile, file_id)
    if record is None or record.manuscript_id != manuscript.id:
        abort(404)
    return record
