"""Production rules of the one permission policy.

`production.view`: the production page of a manuscript, its signatures and the signed
agreement's PDF: its authors (by consent) and the editors who did not write it.
`production.manage`: overrides, proof uploads and fee reviews: those editors;
`production.ledger`: every manuscript's fees: the editors. `production.sign` and
`production.proof`: the holder of one author's agreement link, of one proof round's link.
`production.pay`: reporting a fee's payment: its authors. `production.edit_agreement`: the
agreement's text and the fee settings (admin area).
"""

from accounts.models import Role
from accounts.policy import rule

EDITORIAL = (Role.EDITOR, Role.CHIEF_EDITOR)


def _edits(user, manuscript) -> bool:
    return user.has_role(*EDITORIAL) and not manuscript.is_author(user)


@rule("production.view", hide=True)
def _view(user, manuscript) -> bool:
    return manuscript is not None and (manuscript.is_author(user) or _edits(user, manuscript))


@rule("production.manage", hide=True)
def _manage(user, manuscript) -> bool:
    return manuscript is not None and _edits(user, manuscript)


@rule("production.sign", hide=True)
def _sign(user, signature) -> bool:
    holds = getattr(user, "holds", None)
    return signature is not None and holds is not None and holds(signature)


@rule("production.proof", hide=True)
def _proof(user, proof) -> bool:
    """The holder of a proof round's link: the corresponding authors it was mailed to."""
    holds = getattr(user, "holds", None)
    return proof is not None and holds is not None and holds(proof)


@rule("production.ledger")
def _ledger(user, _obj) -> bool:
    """Every manuscript's fees: the editors."""
    return user.has_role(*EDITORIAL)


@rule("production.pay", hide=True)
def _pay(user, manuscript) -> bool:
    """Reporting a fee's payment: the manuscript's authors (by consent)."""
    return manuscript is not None and manuscript.is_author(user)


@rule("production.edit_agreement")
def _edit_agreement(user, _obj) -> bool:
    return user.has_role(Role.ADMIN, *EDITORIAL)
