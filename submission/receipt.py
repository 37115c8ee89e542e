"""The receipt (收稿回执): the printable PDF, its mail attachment, and the console panel
with the editor's receipt step (register receipt, return for format fixes, desk reject)."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from core.extensions import db
from core.outbox import attachment_builder
from core.pdf import render_pdf
from core.refusals import Conflict
from journal.models import get_journal
from submission.console import console_panel
from submission.models import Manuscript
from submission.workflow import Action, allowed_moves

RECEIPT_ACTIONS = (Action.RECEIVE, Action.RETURN_TO_AUTHOR, Action.DESK_REJECT)


def receipt_pdf(manuscript: Manuscript, locale: str) -> bytes:
    if manuscript.received_at is None:
        raise Conflict(_l("The receipt is issued once the editorial office has registered the "
                          "manuscript."))
    return render_pdf("submission/receipt_pdf.html", locale, manuscript=manuscript,
                      journal=get_journal())


def receipt_filename(manuscript: Manuscript) -> str:
    return f"receipt-{manuscript.number}.pdf"


@attachment_builder("submission.receipt")
def build_receipt_attachment(manuscript_id: int, locale: str = "zh_CN"):
    manuscript = db.session.get(Manuscript, manuscript_id)
    return receipt_filename(manuscript), "application/pdf", receipt_pdf(manuscript, locale)


@console_panel(order=10, actions=RECEIPT_ACTIONS)
def receipt_panel(manuscript: Manuscript, user):
    # The desk rejection is a decision: its form posts to the decision flow (peer review's).
    offered = RECEIPT_ACTIONS if "review.desk_rejection" in current_app.view_functions \
        else (Action.RECEIVE, Action.RETURN_TO_AUTHOR)
    moves = [m for m in allowed_moves(manuscript, user) if m.action in offered]
    if not moves:
        return None
    return "submission/panels/receipt.html", {"moves": moves, "manuscript": manuscript}
