"""Production's PDFs: the signed agreement (the text of each version signed, and every
signature with its name, time, address and version), made by the worker once the last author
has signed; and a fee's notice (缴费通知), rendered when asked for or mailed."""

from sqlalchemy import select

from core.clock import utcnow
from core.extensions import db
from core.outbox import attachment_builder
from core.pdf import render_pdf
from journal.models import get_journal
from production.models import AgreementDocument, Fee, Signature
from production.payments import PROVIDER
from submission import storage
from submission.models import Manuscript


def agreement_pdf_bytes(manuscript: Manuscript) -> bytes:
    signatures = list(db.session.scalars(select(Signature).where(
        Signature.manuscript_id == manuscript.id).order_by(Signature.id)))
    versions = {s.version.id: s.version for s in signatures if s.version is not None}
    return render_pdf("production/agreement_pdf.html", "zh_CN", manuscript=manuscript,
                      signatures=signatures, versions=sorted(versions.values(),
                                                             key=lambda v: v.number),
                      journal=get_journal())


def make_agreement_pdf(manuscript_id: int) -> AgreementDocument | None:
    """Render and store the PDF of a fully signed agreement (again, if asked again)."""
    manuscript = db.session.get(Manuscript, manuscript_id)
    if manuscript is None:
        return None
    digest = storage.save_bytes(agreement_pdf_bytes(manuscript))
    document = db.session.get(AgreementDocument, manuscript_id)
    if document is None:
        document = AgreementDocument(manuscript_id=manuscript_id, sha256=digest)
        db.session.add(document)
    document.sha256, document.made_at = digest, utcnow()
    db.session.flush()
    return document


def fee_notice_pdf(fee: Fee, locale: str = "zh_CN") -> bytes:
    from production.fees import settings

    return render_pdf("production/fee_notice_pdf.html", locale, fee=fee,
                      manuscript=fee.manuscript, journal=get_journal(),
                      pay=PROVIDER.instructions(fee, settings()))


@attachment_builder("production.fee_notice")
def _fee_notice_attachment(fee_id: int, locale: str = "zh_CN") -> tuple[str, str, bytes]:
    fee = db.session.get(Fee, fee_id)
    return (f"{fee.manuscript.number}-{fee.kind}-fee.pdf", "application/pdf",
            fee_notice_pdf(fee, locale))
