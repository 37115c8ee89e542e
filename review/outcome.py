"""Closing the loop with reviewers: when the journal tells them the decision, each reviewer of
the round also reads the other reviewers' comments for the authors, labelled "Reviewer 1, 2"
as the round numbers them. A reviewer's name or address written in a comment is replaced by
that reviewer's label; in double-blind review an author's identity by 【作者】."""

import re

from flask_babel import gettext as _

from journal.models import ReviewMode, get_journal
from review.identities import Identities, Matcher
from review.models import ReviewAssignment

AUTHOR_MASK = "【作者】"


def _masked(text: str, reviews: list[ReviewAssignment], identities: Identities | None) -> str:
    for review in reviews:
        person = review.reviewer
        for value in (person.name, person.name_pinyin, person.email):
            if value and len(value.strip()) > 1:
                text = re.sub(re.escape(value.strip()), _("Reviewer %(n)s", n=review.label),
                              text, flags=re.I)
    if identities is not None:
        for _kind, pattern in Matcher.of(identities).patterns:
            text = pattern.sub(AUTHOR_MASK, text)
    return text


def others_comments(review: ReviewAssignment,
                    reviews: list[ReviewAssignment]) -> list[tuple[int, str]]:
    """(label, comments for the authors) of every other submitted review of the round."""
    double_blind = get_journal().review_mode == ReviewMode.DOUBLE_BLIND
    identities = Identities.of(review.round.manuscript) if double_blind else None
    return [(other.label, _masked(other.comments_to_author.strip(), reviews, identities))
            for other in reviews
            if other.id != review.id and other.comments_to_author.strip()]
