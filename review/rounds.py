"""Review rounds: one starts when a manuscript is sent to review or a revision comes back.

The rounds follow the workflow: a receiver of `manuscript_advanced` starts the round, whoever
made the move (the editors' desk or this package). Files for reviewers are anonymised by the
worker after the commit.
"""

from pathlib import PurePath

from sqlalchemy import func, select

from core.aftercommit import run_after_commit
from core.extensions import db
from core.jobs import start_job
from core.outbox import external_url
from review.models import ReviewFile, ReviewRound
from review.rubric import criteria_for_column, freeze
from review.tasks import REVIEWER_COPY, anonymise_file
from submission.models import FileKind, Manuscript, ManuscriptFile
from submission.workflow import Action, manuscript_advanced

ANONYMISABLE = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def rounds_of(manuscript: Manuscript) -> list[ReviewRound]:
    return list(db.session.scalars(
        select(ReviewRound).where(ReviewRound.manuscript_id == manuscript.id)
        .order_by(ReviewRound.number)))


def current_round(manuscript: Manuscript) -> ReviewRound | None:
    return db.session.scalar(
        select(ReviewRound).where(ReviewRound.manuscript_id == manuscript.id)
        .order_by(ReviewRound.number.desc()).limit(1))


def start_round(manuscript: Manuscript, editor_id: int | None,
                response_letter: ManuscriptFile | None = None) -> ReviewRound:
    previous = current_round(manuscript)
    number = (db.session.scalar(select(func.max(ReviewRound.number))
                                .where(ReviewRound.manuscript_id == manuscript.id)) or 0) + 1
    review_round = ReviewRound(
        manuscript_id=manuscript.id, number=number,
        editor_id=editor_id or (previous.editor_id if previous else None),
        rubric=freeze(criteria_for_column(manuscript.column_id)),
        response_letter_file_id=response_letter.id if response_letter else None,
    )
    db.session.add(review_round)
    db.session.flush()
    main = reviewed_file(manuscript)
    for source, suffix in ((main, ""), (response_letter, "-response")):
        if source is not None and source.mimetype in ANONYMISABLE:
            add_review_file(review_round, source, suffix, started_by=editor_id)
    return review_round


def reviewed_file(manuscript: Manuscript) -> ManuscriptFile | None:
    """The newest version of the manuscript text (a revision replaces the original)."""
    texts = [f for f in manuscript.files
             if f.kind in (FileKind.MANUSCRIPT.value, FileKind.REVISION.value)]
    return max(texts, key=lambda f: (f.version, f.id), default=None)


def add_review_file(review_round: ReviewRound, source: ManuscriptFile, suffix: str,
                    started_by: int | None = None) -> ReviewFile:
    number = review_round.manuscript.number or f"MS{review_round.manuscript_id}"
    ext = ANONYMISABLE.get(source.mimetype) or PurePath(source.original_name).suffix
    review_file = ReviewFile(
        round_id=review_round.id, source_file_id=source.id, kind=source.kind,
        filename=f"{number}-R{review_round.number}{suffix}{ext}", mimetype=source.mimetype,
    )
    db.session.add(review_file)
    db.session.flush()
    start_job(REVIEWER_COPY, about=("review_file", review_file.id), started_by=started_by,
              result_url=external_url("review.manage", manuscript_id=review_round.manuscript_id))
    run_after_commit(anonymise_file, review_file.id, switch="REVIEW_DISPATCH_AFTER_COMMIT")
    return review_file


def _on_advanced(manuscript: Manuscript, event, actor, context) -> None:
    if event.action == Action.SEND_TO_REVIEW.value:
        start_round(manuscript, actor.id if actor else None)
    elif event.action == Action.SUBMIT_REVISION.value:
        start_round(manuscript, None, response_letter=context.get("response_letter"))


def init_app(app) -> None:
    manuscript_advanced.connect(_on_advanced)
