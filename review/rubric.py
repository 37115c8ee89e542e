"""The scoring rubric: per-column criteria (journal default otherwise), frozen into each round,
validated on save and submit, and summarised side by side for the editor."""

from dataclasses import dataclass
from statistics import mean

from flask_babel import gettext as _
from sqlalchemy import select

from core.extensions import db
from core.i18n import current_locale
from core.refusals import Invalid
from review.models import ReviewCriterion

DEFAULT_CRITERIA = [  # (name_zh, name_en, weight)
    ("创新性", "Originality", 0.3),
    ("科学性", "Scientific rigour", 0.3),
    ("学术价值", "Academic value", 0.25),
    ("写作规范", "Writing and format", 0.15),
]
DEFAULT_MAX = 5  # a criterion's max score unless the editors set another
DISAGREEMENT_SPREAD = 2  # reviewers disagree when scores of one criterion differ this much


def _stored(column_id: int | None) -> list[ReviewCriterion]:
    """The column's own criteria, else the journal default's, as stored (maybe none yet)."""
    query = select(ReviewCriterion).order_by(ReviewCriterion.position, ReviewCriterion.id)
    if column_id is not None:
        own = list(db.session.scalars(query.where(ReviewCriterion.column_id == column_id)))
        if own:
            return own
    return list(db.session.scalars(query.where(ReviewCriterion.column_id.is_(None))))


def criteria_for_column(column_id: int | None) -> list[ReviewCriterion]:
    """The column's own criteria, else the journal default (created on first use)."""
    criteria = _stored(column_id)
    if not criteria:
        criteria = [ReviewCriterion(column_id=None, position=i, name_zh=zh, name_en=en, weight=w)
                    for i, (zh, en, w) in enumerate(DEFAULT_CRITERIA)]
        db.session.add_all(criteria)
        db.session.flush()
    return criteria


def freeze(criteria: list[ReviewCriterion]) -> list[dict]:
    return [{"key": f"c{i + 1}", "name_zh": c.name_zh, "name_en": c.name_en,
             "weight": float(c.weight), "max": int(c.max_score)} for i, c in enumerate(criteria)]


def clean_scores(rubric: list[dict], raw: dict, *, complete: bool) -> tuple[dict, list[str]]:
    """Keep the valid integer scores of `raw`; list an error for each bad or (when `complete`)
    missing one. The valid part is always returned, so a draft loses nothing that was right."""
    clean, errors = {}, []
    for criterion in rubric:
        value = raw.get(criterion["key"])
        if value in (None, ""):
            if complete:
                errors.append(_("Give a score for “%(name)s”.", name=criterion_name(criterion)))
            continue
        try:
            score = int(str(value))
        except ValueError:
            score = None
        if score is None or not 1 <= score <= criterion["max"]:
            errors.append(_("The score for “%(name)s” must be a whole number from 1 to %(max)s.",
                            name=criterion_name(criterion), max=criterion["max"]))
            continue
        clean[criterion["key"]] = score
    unknown = set(raw) - {c["key"] for c in rubric}
    if unknown:
        errors.append(_("The form contained scores for unknown criteria; reload the page."))
    return clean, errors


def weighted_total(rubric: list[dict], scores: dict) -> float | None:
    """Score as a percentage of the best possible, weighting each criterion; None if partial."""
    if not rubric or any(c["key"] not in scores for c in rubric):
        return None
    best = sum(c["weight"] * c["max"] for c in rubric)
    if best <= 0:
        return None
    return round(100 * sum(c["weight"] * scores[c["key"]] for c in rubric) / best, 1)


def criterion_name(criterion: dict) -> str:
    if current_locale() == "en" and criterion.get("name_en"):
        return criterion["name_en"]
    return criterion["name_zh"]


@dataclass
class CriterionRow:
    criterion: dict
    scores: list[int | None]  # one per review, in the order of the reviews
    mean: float | None
    spread: int | None

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT_SPREAD


def compare(rubric: list[dict], reviews: list) -> list[CriterionRow]:
    """Each criterion's scores across `reviews` with their mean and spread."""
    rows = []
    for criterion in rubric:
        scores = [(r.scores or {}).get(criterion["key"]) for r in reviews]
        given = [s for s in scores if s is not None]
        rows.append(CriterionRow(
            criterion=criterion, scores=scores,
            mean=round(mean(given), 2) if given else None,
            spread=(max(given) - min(given)) if given else None,
        ))
    return rows


def rubric_lines(column_id: int | None) -> str:
    """The criteria in use as editable lines: `中文名 | English name | weight | max score`
    (the journal default is shown, not stored)."""
    rows = [(c.name_zh, c.name_en, c.weight, c.max_score) for c in _stored(column_id)] \
        or [(zh, en, weight, DEFAULT_MAX) for zh, en, weight in DEFAULT_CRITERIA]
    return "\n".join(f"{zh} | {en} | {weight:g} | {top}" for zh, en, weight, top in rows)


def read_rubric(column_id: int | None, text: str) -> tuple[list[ReviewCriterion], list[str]]:
    """The criteria written in `text` (not stored), and what is wrong with its lines."""
    criteria, errors = [], []
    for number, line in enumerate(filter(None, map(str.strip, text.splitlines())), start=1):
        parts = [p.strip() for p in line.split("|")]
        try:
            name_zh, name_en, weight, top = parts
            weight, top = float(weight), int(top)
        except ValueError:
            errors.append(_("Line %(n)s: write “name | English name | weight | max score”.",
                            n=number))
            continue
        if not name_zh or weight <= 0 or not 2 <= top <= 10:
            errors.append(_("Line %(n)s: a name, a positive weight and a max score from 2 to "
                            "10 are needed.", n=number))
            continue
        criteria.append(ReviewCriterion(column_id=column_id, position=number, name_zh=name_zh,
                                        name_en=name_en or name_zh, weight=weight,
                                        max_score=top))
    if not errors and column_id is None and not criteria:
        errors.append(_("The default rubric needs at least one criterion."))
    return criteria, errors


def set_rubric(column_id: int | None, text: str) -> list[ReviewCriterion]:
    """Replace a column's rubric (or the journal default) with the criteria in `text`; an empty
    text for a column means it uses the default again. Rounds already started keep theirs.
    (Its page asks the policy for review.edit_templates.)"""
    criteria, errors = read_rubric(column_id, text)
    if errors:
        raise RubricError(" ".join(errors))
    old = select(ReviewCriterion).where(ReviewCriterion.column_id.is_(None) if column_id is None
                                        else ReviewCriterion.column_id == column_id)
    for criterion in db.session.scalars(old):
        db.session.delete(criterion)
    db.session.add_all(criteria)
    db.session.flush()
    return criteria


class RubricError(Invalid):
    """A rubric that cannot be used (its page shows why before saving)."""
