"""The copyright agreement (版权转让协议).

Its text is edited in the admin area and versioned: each save is a new `AgreementVersion`, and
a signature keeps the version its signer read. Acceptance opens the agreement: every listed
author with an address gets a `Signature` row and, by mail in their language, a link of their
own (production.tokens). Signing records the typed name, the declaration, the time, the client
address and the version; one conditional UPDATE makes it happen once, however many identical
posts arrive. The last signature asks the worker for the PDF of the signed agreement
(production.tasks). Reminders go every REMINDER_DAYS to those who have not signed.
"""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from accounts.policy import require
from core.aftercommit import run_after_commit
from core.clock import utcnow
from core.extensions import db
from core.jobs import job_kind, start_job
from core.refusals import Conflict, Invalid, Stale
from production import progress
from production.events import agreement_completed, agreement_requested
from production.models import AgreementVersion, Signature
from production.tokens import new_nonce
from submission.models import Manuscript
from submission.workflow import AFTER_ACCEPTANCE, Action, State, manuscript_advanced

REMINDER_DAYS = 7
AGREEMENT_PDF = "agreement_pdf"
job_kind(AGREEMENT_PDF, _l("Making the signed agreement (PDF)"), "production.view",
         _l("The signed agreement is ready: download it"))

DEFAULT_ZH = (
    "一、作者保证该作品为原创，不涉及抄袭、一稿多投等学术不端行为，不侵犯他人著作权及其他权利。\n"
    "二、作者同意将该作品的复制权、发行权、信息网络传播权、翻译权和汇编权在全世界范围内"
    "专有转让给本刊，期限为著作权保护期。\n"
    "三、本刊有权将该作品收录于本刊合作的数据库，并以纸质和电子形式出版；作者的署名权不受影响。\n"
    "四、作品的全体作者均已阅读并同意本协议，每位作者分别签署。")
DEFAULT_EN = (
    "1. The authors warrant that the work is original, free of plagiarism and of multiple "
    "submission, and infringes no copyright or other right of others.\n"
    "2. The authors transfer exclusively to the journal, worldwide and for the term of "
    "copyright, the rights to reproduce, distribute, make available online, translate and "
    "compile the work.\n"
    "3. The journal may include the work in the databases it works with and publish it in "
    "print and online; the authors keep the right to be named as its authors.\n"
    "4. Every author has read and accepts this agreement and signs it separately.")


def latest_version() -> AgreementVersion | None:
    return db.session.scalar(select(AgreementVersion).order_by(AgreementVersion.number.desc())
                             .limit(1))


def save_text(actor, body_zh: str, body_en: str) -> AgreementVersion:
    """A new version of the text (signatures keep theirs)."""
    require(actor, "production.edit_agreement")
    if not (body_zh or "").strip():
        raise Invalid(_l("The agreement needs its Chinese text."))
    latest = latest_version()
    version = AgreementVersion(number=(latest.number if latest else 0) + 1,
                               body_zh=body_zh.strip(), body_en=(body_en or "").strip(),
                               created_by_id=actor.id)
    db.session.add(version)
    db.session.flush()
    return version


def _current_version() -> AgreementVersion:
    """The text authors sign now: the journal's default until an editor saves one."""
    version = latest_version()
    if version is None:
        version = AgreementVersion(number=1, body_zh=DEFAULT_ZH, body_en=DEFAULT_EN)
        db.session.add(version)
        db.session.flush()
    return version


def signatures_of(manuscript: Manuscript) -> list[Signature]:
    return list(db.session.scalars(select(Signature).where(
        Signature.manuscript_id == manuscript.id).order_by(Signature.id)))


@manuscript_advanced.connect
def _open_at_acceptance(manuscript: Manuscript, event, **_kwargs) -> None:
    if event.action == Action.ACCEPT.value:
        open_agreement(manuscript)


def open_agreement(manuscript: Manuscript) -> list[Signature]:
    """Ask every listed author with an address to sign (once each)."""
    _current_version()
    asked = {s.author_id for s in signatures_of(manuscript)}
    new = [Signature(manuscript_id=manuscript.id, author_id=author.id, nonce=new_nonce())
           for author in manuscript.authors
           if author.email and author.declined_at is None and author.id not in asked]
    db.session.add_all(new)
    db.session.flush()
    for signature in new:
        agreement_requested.send(signature, reminder=False)
    progress.refresh(manuscript)
    return new


def _same_name(typed: str, author) -> bool:
    def plain(text: str) -> str:
        return "".join((text or "").split()).casefold()

    return plain(typed) in {plain(author.name), plain(author.name_pinyin)} - {""}


def sign(signature: Signature, actor, *, typed_name: str, declared: bool, version_id,
         client_address: str) -> Signature:
    """Sign once: a second identical post (or the link used again) finds it signed and
    changes nothing."""
    require(actor, "production.sign", signature)
    if signature.manuscript.state not in AFTER_ACCEPTANCE:
        raise Conflict(_l("This manuscript is no longer accepted: nothing to sign."))
    if not declared:
        raise Invalid(_l("Tick the declaration to sign the agreement."))
    if not _same_name(typed_name, signature.author):
        raise Invalid(_l("Type your name as the manuscript lists it: %(name)s.",
                         name=signature.author.name))
    version = latest_version()
    if version is None or str(version.id) != str(version_id):
        raise Stale(_l("The agreement's text was changed while you were reading it. Please "
                       "read the current text below and sign again."))
    done = db.session.execute(
        update(Signature).where(Signature.id == signature.id, Signature.signed_at.is_(None),
                                Signature.nonce == actor.nonce)
        .values(signed_at=utcnow(), signed_name=" ".join(typed_name.split()), declared=True,
                client_address=(client_address or "")[:64], version_id=version.id)
        .execution_options(synchronize_session=False)).rowcount
    if done != 1:
        raise Conflict(_l("This agreement has already been signed."))
    db.session.refresh(signature)
    manuscript = signature.manuscript
    progress.refresh(manuscript)
    if not progress.unsigned_count(manuscript):
        request_pdf(manuscript)
        agreement_completed.send(manuscript)
    return signature


def request_pdf(manuscript: Manuscript) -> None:
    """Ask the worker for the signed agreement's PDF once this transaction commits."""
    job = start_job(AGREEMENT_PDF, about=("manuscript", manuscript.id))
    run_after_commit("production.tasks.render_agreement_pdf", manuscript.id, job.id,
                     switch="PRODUCTION_TASKS_AFTER_COMMIT")


def remind_unsigned(now: datetime | None = None) -> int:
    """Remind every author whose signature is still missing, REMINDER_DAYS after the request
    or the last reminder; returns how many were reminded."""
    now = now or utcnow()
    due = now - timedelta(days=REMINDER_DAYS)
    rows = db.session.scalars(
        select(Signature).join(Manuscript, Manuscript.id == Signature.manuscript_id)
        .where(Signature.signed_at.is_(None),
               Manuscript.state.in_([State.ACCEPTED.value, State.SCHEDULED.value]),
               func.coalesce(Signature.reminded_at, Signature.requested_at) <= due))
    count = 0
    for signature in rows:
        signature.reminded_at = now
        agreement_requested.send(signature, reminder=True)
        count += 1
    db.session.flush()
    return count
