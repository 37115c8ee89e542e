"""Printable PDFs: the acceptance notice (录用通知) and the reviewer's certificates, for one
review and for a year's reviews."""

from collections.abc import Callable

from flask_babel import gettext as _

from accounts.models import User
from core.clock import journal_today
from core.extensions import db
from core.outbox import attachment_builder
from core.pdf import render_pdf
from core.refusals import Missing
from review.models import ReviewAssignment
from review.records import reviews_in_year, titles_on_certificate
from submission.models import Manuscript

# Publishing registers a function telling the planned issue of a manuscript ("2026年第3期").
PLANNED_ISSUE_PROVIDERS: list[Callable[[Manuscript], str | None]] = []


def planned_issue(manuscript: Manuscript) -> str | None:
    for provider in PLANNED_ISSUE_PROVIDERS:
        label = provider(manuscript)
        if label:
            return label
    return None


def acceptance_notice_pdf(manuscript: Manuscript, locale: str = "zh_CN") -> bytes:
    return render_pdf("review/acceptance_notice.html", locale, manuscript=manuscript,
                      issue=planned_issue(manuscript))


def certificate_pdf(assignment: ReviewAssignment, locale: str = "zh_CN") -> bytes:
    return render_pdf("review/certificate.html", locale, assignment=assignment,
                      manuscript=assignment.round.manuscript)


def yearly_certificate_pdf(reviewer: User, year: int, locale: str = "zh_CN") -> bytes:
    """审稿证明: the reviews `reviewer` submitted in `year` (Missing when there is none)."""
    reviews = reviews_in_year(reviewer.id, year)
    if not reviews:
        raise Missing(_("You submitted no review in %(year)s.", year=year))
    return render_pdf("review/yearly_certificate.html", locale, reviewer=reviewer, year=year,
                      reviews=reviews, show_titles=titles_on_certificate(),
                      issued_on=journal_today())


@attachment_builder("review.acceptance_notice")
def _acceptance_attachment(manuscript_id: int, locale: str = "zh_CN") -> tuple[str, str, bytes]:
    manuscript = db.session.get(Manuscript, manuscript_id)
    return (f"{manuscript.number}-acceptance.pdf", "application/pdf",
            acceptance_notice_pdf(manuscript, locale))
