"""Deciding a round: the reviews side by side, the rule on completed reviews, the letter,
the chief editor's final say (终审), and who is told."""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accounts.models import User
from accounts.policy import can, require
from core.clock import local_date, utcnow
from core.extensions import db
from core.i18n import DEFAULT_LOCALE, localized
from journal.models import get_journal
from review.errors import ReviewError, ReviewInputError
from review.events import decision_made, decision_recommended
from review.invitations import close_at_decision, withdraw
from review.letter_templates import editable_template, render_letter
from review.models import (
    AssignmentState,
    Decision,
    DecisionKind,
    ReviewAssignment,
    ReviewRound,
    Verdict,
)
from review.rounds import current_round
from review.rubric import CriterionRow, compare
from submission.models import Manuscript
from submission.recipients import Audience, recipients
from submission.workflow import Action, State, advance, manuscript_advanced

ACTIONS = {
    Verdict.ACCEPT: Action.ACCEPT,
    Verdict.MINOR_REVISION: Action.REQUEST_REVISION,
    Verdict.MAJOR_REVISION: Action.REQUEST_REVISION,
    Verdict.REJECT: Action.REJECT,
}


@dataclass
class Summary:
    review_round: ReviewRound
    reviews: list[ReviewAssignment]  # submitted, in label order
    rows: list[CriterionRow]
    required: int
    recommendation: Decision | None  # a section editor's, awaiting the chief editor

    @property
    def enough(self) -> bool:
        return len(self.reviews) >= self.required


def summary(review_round: ReviewRound) -> Summary:
    """Everything the decision page shows, in a fixed number of queries."""
    reviews = list(db.session.scalars(
        select(ReviewAssignment)
        .where(ReviewAssignment.round_id == review_round.id,
               ReviewAssignment.state == AssignmentState.SUBMITTED.value)
        .options(joinedload(ReviewAssignment.reviewer).lazyload(User.role_rows))
        .order_by(ReviewAssignment.label)))
    recommendation = db.session.scalar(
        select(Decision).where(Decision.round_id == review_round.id,
                               Decision.kind == DecisionKind.RECOMMENDATION)
        .order_by(Decision.id.desc()).limit(1))
    return Summary(review_round, reviews, compare(review_round.rubric, reviews),
                   get_journal().required_reviews, recommendation)


def _check_reviews(review_round: ReviewRound, override_reason: str) -> Summary:
    info = summary(review_round)
    if not info.enough and not override_reason.strip():
        raise ReviewInputError(_("This round has %(done)s completed review(s) but the journal "
                                 "requires %(required)s. Give a reason to decide anyway.",
                                 done=len(info.reviews), required=info.required))
    return info


# --------------------------------------------------------------------------- letters

DEFAULT_LETTERS = {
    Verdict.ACCEPT: (
        "稿件录用通知：{{ number }}", "Acceptance of your manuscript {{ number }}",
        "{{ authors }}：\n\n您好！您的稿件《{{ title }}》（编号 {{ number }}）"
        "经外审专家评审和{% if chief_editor_step %}主编终审{% else %}编辑部审定{% endif %}，"
        "决定录用。录用通知（PDF）随信附上。\n\n{{ reviews }}\n\n感谢您对本刊的支持！\n\n"
        "《{{ journal }}》编辑部\n{{ editor }}",
        "Dear {{ authors }},\n\nWe are pleased to tell you that your manuscript \"{{ title }}\" "
        "({{ number }}) has been accepted for publication after peer review"
        "{% if chief_editor_step %} and the editor-in-chief's final decision{% endif %}. "
        "The acceptance notice (PDF) is attached.\n\n{{ reviews }}\n\n"
        "Thank you for choosing our journal.\n\n"
        "Editorial Office, {{ journal }}\n{{ editor }}",
    ),
    Verdict.MINOR_REVISION: (
        "稿件退修通知（小修）：{{ number }}", "Minor revision requested: {{ number }}",
        "{{ authors }}：\n\n您好！您的稿件《{{ title }}》（编号 {{ number }}）"
        "经外审，需要作小修改。"
        "请根据以下审稿意见修改，并于 {{ due }} 前登录系统上传修改稿和修改说明。"
        "\n\n{{ reviews }}\n\n"
        "《{{ journal }}》编辑部\n{{ editor }}",
        "Dear {{ authors }},\n\nYour manuscript \"{{ title }}\" ({{ number }}) needs minor "
        "revisions. Please revise it following the reviewers' comments below and upload the "
        "revised manuscript with a response letter by {{ due }}.\n\n{{ reviews }}\n\n"
        "Editorial Office, {{ journal }}\n{{ editor }}",
    ),
    Verdict.MAJOR_REVISION: (
        "稿件退修通知（大修）：{{ number }}", "Major revision requested: {{ number }}",
        "{{ authors }}：\n\n您好！您的稿件《{{ title }}》（编号 {{ number }}）"
        "经外审，需要作较大修改，"
        "修改稿将再次送审。请于 {{ due }} 前登录系统上传修改稿和逐条修改说明。\n\n{{ reviews }}\n\n"
        "《{{ journal }}》编辑部\n{{ editor }}",
        "Dear {{ authors }},\n\nYour manuscript \"{{ title }}\" ({{ number }}) needs major "
        "revisions and will be reviewed again. Please upload the revised manuscript and a "
        "point-by-point response letter by {{ due }}.\n\n{{ reviews }}\n\n"
        "Editorial Office, {{ journal }}\n{{ editor }}",
    ),
    Verdict.REJECT: (
        "稿件处理结果通知：{{ number }}", "Decision on your manuscript {{ number }}",
        "{{ authors }}：\n\n您好！感谢您向本刊投稿。您的稿件《{{ title }}》"
        "（编号 {{ number }}）经外审"
        "和{% if chief_editor_step %}主编终审{% else %}编辑部讨论{% endif %}，很遗憾不能录用。"
        "审稿意见如下，供您参考。\n\n{{ reviews }}\n\n"
        "《{{ journal }}》编辑部\n{{ editor }}",
        "Dear {{ authors }},\n\nThank you for submitting \"{{ title }}\" ({{ number }}). After "
        "peer review{% if chief_editor_step %} and the editor-in-chief's final decision{% endif %} "
        "we regret that we cannot accept it. The reviewers' comments follow for "
        "your information.\n\n{{ reviews }}\n\nEditorial Office, {{ journal }}\n{{ editor }}",
    ),
}


def letter_locales(manuscript: Manuscript) -> list[str]:
    """The languages the authors read, Chinese first: the decision letter is written in each,
    and every author receives the one in their language."""
    read = {person.locale for person in recipients(manuscript, Audience.AUTHORS)}
    return sorted(read or {DEFAULT_LOCALE}, key=lambda locale: locale == "en")


def needs_english_letter(manuscript: Manuscript) -> bool:
    """Authors read both languages: an English letter is written beside the Chinese one."""
    return len(letter_locales(manuscript)) > 1


def draft_letters(manuscript: Manuscript, verdict: Verdict,
                  editor: User) -> dict[str, tuple[str, str]]:
    """{locale: (subject, text)}: the drafted letter in each language the authors read."""
    return {locale: draft_letter(manuscript, verdict, editor, locale)
            for locale in letter_locales(manuscript)}


def draft_letter(manuscript: Manuscript, verdict: Verdict, editor: User,
                 locale: str) -> tuple[str, str]:
    """The letter from the editable template, with the reviewers' comments to the author."""
    template = editable_template(verdict, DEFAULT_LETTERS[verdict])  # (a default is not stored)
    review_round = _current_round(manuscript)
    with force_locale(locale):
        reviews = "\n\n".join(
            f"{_('Reviewer %(n)s', n=r.label)}:\n{r.comments_to_author}"
            for r in summary(review_round).reviews if r.comments_to_author)
        due = local_date(utcnow() + timedelta(days=get_journal().revision_due_days))
        context = {
            "authors": "、".join(a.name for a in manuscript.authors) if locale != "en"
            else ", ".join(a.name_pinyin or a.name for a in manuscript.authors),
            "title": localized(manuscript, "title"), "number": manuscript.number or "",
            "journal": localized(get_journal(), "name"), "editor": editor.name,
            "reviews": reviews, "due": due,
            # The letters name the chief editor's final say only when the journal has it.
            "chief_editor_step": get_journal().chief_editor_step,
        }
        return render_letter(template, context, locale == "en", DEFAULT_LETTERS[verdict])


def _current_round(manuscript: Manuscript) -> ReviewRound:
    review_round = current_round(manuscript)
    if review_round is None:
        raise ReviewError(_("This manuscript has not been sent to review."))
    return review_round


# --------------------------------------------------------------------------- deciding


def decide(manuscript: Manuscript, actor, *, verdict: Verdict, letter_subject: str,
           letter_body: str, letter_subject_en: str = "", letter_body_en: str = "",
           override_reason: str = "", expected_version: int | None = None) -> Decision:
    """Record the decision, move the manuscript, send the edited letter to every author.

    When the authors read both languages the letter is the Chinese one and `*_en` its English
    counterpart; each author receives the one in their language."""
    require(actor, "review.decide", manuscript)
    verdict = Verdict(verdict)
    review_round = _current_round(manuscript)
    _check_reviews(review_round, override_reason)
    if not letter_subject.strip() or not letter_body.strip():
        raise ReviewInputError(_("The letter needs a subject and a text."))
    if needs_english_letter(manuscript) and not (letter_subject_en.strip()
                                                 and letter_body_en.strip()):
        raise ReviewInputError(_("An author reads English: the English letter needs a subject "
                                 "and a text too."))
    advance(manuscript, ACTIONS[verdict], actor, note=override_reason.strip(),
            expected_version=expected_version, verdict=verdict.value)
    now = utcnow()
    review_round.decision, review_round.decided_at = verdict.value, now
    if ACTIONS[verdict] == Action.REQUEST_REVISION:
        review_round.revision_due_at = now + timedelta(days=get_journal().revision_due_days)
    decision = Decision(manuscript_id=manuscript.id, round_id=review_round.id,
                        kind=DecisionKind.DECISION, verdict=verdict, actor_id=actor.id,
                        override_reason=override_reason.strip(),
                        letter_subject=letter_subject.strip(), letter_body=letter_body.strip(),
                        letter_subject_en=letter_subject_en.strip(),
                        letter_body_en=letter_body_en.strip())
    db.session.add(decision)
    db.session.flush()
    _close_open_assignments(review_round, decision)
    decision_made.send(decision)
    return decision


def _close_open_assignments(review_round: ReviewRound, decision: Decision) -> None:
    """Invitations and reviews still open when the round is decided are closed (their links
    and file access end) and their reviewers told that no review is needed."""
    for assignment in review_round.assignments:
        if assignment.is_open:
            close_at_decision(assignment, decision.id)


@manuscript_advanced.connect
def _close_on_withdrawal(manuscript: Manuscript, event, **_kwargs) -> None:
    """An author's withdrawal ends the round too: its open invitations and reviews are
    withdrawn (links and file access end) and their reviewers told."""
    if event.action != Action.WITHDRAW.value:
        return
    review_round = current_round(manuscript)
    for assignment in review_round.assignments if review_round is not None else []:
        if assignment.is_open:
            withdraw(assignment)


def desk_reject(manuscript: Manuscript, actor, *, letter: str, letter_en: str = "",
                expected_version: int | None = None) -> Decision:
    """退稿 at the desk check (初审), before any review: the decision is recorded and the
    letter (the workflow's desk-rejection mail, with this text) goes to every author.

    It is an editor's desk move, not the final decision after review, so the chief-editor
    step (终审) does not apply to it. Its page has loaded the manuscript for review.manage.
    When the authors read both languages `letter_en` goes to those who read English."""
    if not letter.strip():
        raise ReviewInputError(_("Write the letter to the authors: why the manuscript is not "
                                 "sent to review."))
    if needs_english_letter(manuscript) and not letter_en.strip():
        raise ReviewInputError(_("An author reads English: write the English letter too."))
    advance(manuscript, Action.DESK_REJECT, actor, note=letter.strip(),
            expected_version=expected_version, note_en=letter_en.strip())
    decision = Decision(manuscript_id=manuscript.id, round_id=None,
                        kind=DecisionKind.DESK_REJECTION, verdict=Verdict.REJECT,
                        actor_id=actor.id, letter_body=letter.strip(),
                        letter_body_en=letter_en.strip())
    db.session.add(decision)
    db.session.flush()
    return decision


def recommend(manuscript: Manuscript, actor, *, verdict: Verdict, note: str,
              override_reason: str = "") -> Decision:
    """A section editor's recommendation for the chief editor's final decision (终审). Its
    page has loaded the manuscript for review.manage."""
    if can(actor, "review.decide", manuscript):
        raise ReviewError(_("You decide this manuscript yourself."))
    if manuscript.state != State.UNDER_REVIEW:
        raise ReviewError(_("Only a manuscript under review can be recommended for a decision."))
    verdict = Verdict(verdict)
    review_round = _current_round(manuscript)
    _check_reviews(review_round, override_reason)
    decision = Decision(manuscript_id=manuscript.id, round_id=review_round.id,
                        kind=DecisionKind.RECOMMENDATION,
                        verdict=verdict, actor_id=actor.id, note=note.strip(),
                        override_reason=override_reason.strip())
    db.session.add(decision)
    db.session.flush()
    decision_recommended.send(decision)
    return decision
