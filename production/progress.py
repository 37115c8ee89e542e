"""The production sub-state of an accepted manuscript, and the gates that read it.

Design: the workflow's table keeps one state, `accepted`, for the whole of production; where
the manuscript stands inside it is the sub-state `Manuscript.production_step` (agreement →
proof → ready), which the desk's queues read ("awaiting the copyright agreement", "in proof").
It is derived, never set by hand: `refresh` (the only code assigning it) computes it from the
rows of each step (signatures, proof rounds) and the editors' overrides, and every service that
changes one of them calls it. Acceptance opens production (production.agreements), so a
manuscript accepted before this package existed (or imported) has no sub-state and is not
held back.

Fees (production.fees) add a step on either side: a received manuscript whose review fee is
not confirmed has the sub-state `fee` and may not be sent to review (a guard on the workflow's
`manuscript_advancing`); an accepted one waits for its page fee as for the other steps.

Scheduling into an issue (publishing.services.schedule) asks `require_ready`; publishing an
issue lists `publish_problems` among what keeps an article back. An override (`override`)
records the editor, the time and the reason, and lets the manuscript past that step.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from accounts.policy import require
from core.extensions import db
from core.refusals import Conflict, Invalid
from production import permissions  # noqa: F401 - registers the production rules
from production.models import Fee, FeeKind, FeeState, Override, ProofRound, Signature, Step
from submission.models import Manuscript
from submission.states import ProductionStep
from submission.workflow import AFTER_ACCEPTANCE, Action, State, manuscript_advancing


class NotReady(Conflict):
    """Scheduling or publishing refused: a production step is outstanding."""


def overridden(manuscript: Manuscript) -> dict[Step, Override]:
    rows = db.session.scalars(select(Override).where(Override.manuscript_id == manuscript.id))
    return {Step(row.step): row for row in rows}


def unsigned_count(manuscript: Manuscript) -> int:
    return db.session.scalar(select(func.count(Signature.id)).where(
        Signature.manuscript_id == manuscript.id, Signature.signed_at.is_(None))) or 0


def last_proof(manuscript: Manuscript) -> ProofRound | None:
    return db.session.scalar(select(ProofRound).where(ProofRound.manuscript_id == manuscript.id)
                             .order_by(ProofRound.number.desc()).limit(1))


def fee_unsettled(manuscript: Manuscript, kind: FeeKind) -> bool:
    return db.session.scalar(select(func.count(Fee.id)).where(
        Fee.manuscript_id == manuscript.id, Fee.kind == kind.value,
        Fee.state != FeeState.CONFIRMED.value)) > 0


def outstanding(manuscript: Manuscript) -> list[Step]:
    """The steps not done and not overridden, in order: before review the review fee; after
    acceptance the agreement, the page fee and the proof."""
    skipped = overridden(manuscript)
    if manuscript.state == State.RECEIVED:
        return [Step.REVIEW_FEE] if Step.REVIEW_FEE not in skipped and fee_unsettled(
            manuscript, FeeKind.REVIEW) else []
    steps = []
    if Step.AGREEMENT not in skipped and unsigned_count(manuscript):
        steps.append(Step.AGREEMENT)
    if Step.PAGE_FEE not in skipped and fee_unsettled(manuscript, FeeKind.PAGE):
        steps.append(Step.PAGE_FEE)
    proof = last_proof(manuscript)
    if Step.PROOF not in skipped and (proof is None or not proof.approved):
        steps.append(Step.PROOF)
    return steps


SUB_STATE = {Step.AGREEMENT: ProductionStep.AGREEMENT, Step.PROOF: ProductionStep.PROOF,
             Step.REVIEW_FEE: ProductionStep.FEE, Step.PAGE_FEE: ProductionStep.FEE}


def refresh(manuscript: Manuscript) -> None:
    """Set the sub-state from the steps' rows (the only code assigning it)."""
    steps = outstanding(manuscript)
    done = ProductionStep.READY.value if manuscript.state in AFTER_ACCEPTANCE else None
    manuscript.production_step = SUB_STATE[steps[0]].value if steps else done
    db.session.flush()


def require_ready(manuscript: Manuscript) -> None:
    """Refuse to schedule a manuscript whose production is not done (or overridden)."""
    if manuscript.production_step is None:
        return
    steps = outstanding(manuscript)
    if steps:
        raise NotReady(_l("This manuscript cannot be scheduled yet: %(steps)s. Complete the "
                          "step, or override it on the production page with a reason.",
                          steps="; ".join(str(BLOCKING[s]) for s in steps)))


@manuscript_advancing.connect
def _review_waits_for_its_fee(manuscript: Manuscript, action, **_kwargs) -> None:
    """No peer review before the review fee is confirmed (or overridden)."""
    if action == Action.SEND_TO_REVIEW and Step.REVIEW_FEE in outstanding(manuscript):
        raise NotReady(_l("This manuscript cannot be sent to review yet: %(step)s. Confirm "
                          "the payment, or override it on the production page with a reason.",
                          step=BLOCKING[Step.REVIEW_FEE]))


BLOCKING = {Step.AGREEMENT: _l("not every author has signed the copyright agreement"),
            Step.PROOF: _l("the author has not approved the last proof"),
            Step.REVIEW_FEE: _l("the review fee (审稿费) is not confirmed"),
            Step.PAGE_FEE: _l("the page fee (版面费) is not confirmed")}


def publish_problems(manuscript: Manuscript) -> list[str]:
    """What production still keeps from publishing: the signatures (the proof's approval was
    asked when the manuscript was scheduled)."""
    if manuscript.production_step is None or Step.AGREEMENT not in outstanding(manuscript):
        return []
    return [str(BLOCKING[Step.AGREEMENT])]


def override(manuscript: Manuscript, actor, step: Step, reason: str) -> Override:
    """Let the manuscript past `step`, recording who, when and why."""
    require(actor, "production.manage", manuscript)
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid(_l("Give the reason for going on without this step."))
    if Step(step) in overridden(manuscript):
        raise Conflict(_l("This step has already been overridden."))
    row = Override(manuscript_id=manuscript.id, step=Step(step).value, reason=reason,
                   actor_id=actor.id)
    db.session.add(row)
    db.session.flush()
    refresh(manuscript)
    return row
