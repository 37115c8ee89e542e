"""Loading for the production pages: load, 404 if missing, ask the policy once.

A manuscript's production page is loaded with submission.access (its authors and its editors).
A link page is loaded from its token (production.tokens): the holder acts as a LinkHolder;
whoever is signed in with an account other than the author's is refused, for a link is never a
login and one author cannot sign for another.
"""

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from accounts.policy import require
from core.extensions import db
from core.refusals import NotAllowed
from production.models import Fee, ProofRound, Signature
from production.tokens import LinkHolder, load_token
from submission.access import load_manuscript
from submission.models import Manuscript

VIEW, MANAGE = "production.view", "production.manage"

OTHER_ACCOUNT = _l("You are signed in with another account than the author this link was "
                   "sent to, so nothing has been changed. Log out first, then open the link "
                   "from your mail again.")


def load_for_production(manuscript_id: int, permission: str = VIEW) -> Manuscript:
    return load_manuscript(manuscript_id, permission)


def load_signature_link(token: str) -> tuple[Signature, LinkHolder]:
    signature = load_token(Signature, token)
    owner = signature.author.user_id
    if current_user.is_authenticated and owner is not None and current_user.id != owner:
        raise NotAllowed(OTHER_ACCOUNT)
    return signature, LinkHolder(signature)


def load_proof_link(token: str) -> tuple[ProofRound, LinkHolder]:
    """A proof round's link: whoever holds it reads and answers that round (the corresponding
    authors it was mailed to share it)."""
    proof = load_token(ProofRound, token)
    return proof, LinkHolder(proof)


def load_fee(fee_id: int, permission: str = VIEW) -> Fee:
    """A fee, for whoever may see (or, with MANAGE, handle) its manuscript's production."""
    fee = db.session.get(Fee, fee_id)
    if fee is None:
        abort(404)
    require(current_user, permission, fee.manuscript)
    return fee
