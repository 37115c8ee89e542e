"""The duplicate-submission check: on submit, compare title and abstract with every earlier
manuscript (rejected and withdrawn ones too) and flag likely duplicates for the editors.

Each submitted manuscript keeps a 64-bit SimHash of its text, so the comparison with all
earlier manuscripts is one narrow query and bit counting; only the close candidates are then
scored exactly (Jaccard similarity of word/character shingles).
"""

import hashlib
import heapq
import re

from sqlalchemy import delete, select

from core.extensions import db
from submission.models import DuplicateFlag, Manuscript

FLAG_SCORE = 0.5  # Jaccard similarity from which a manuscript is flagged
CANDIDATE_DISTANCE = 20  # SimHash bits that may differ for a candidate
MAX_FLAGS = 5
MASK = (1 << 64) - 1
TOKEN = re.compile(r"[\u3400-\u9fff]|[a-z0-9]+")


def text_of(manuscript: Manuscript) -> str:
    return " ".join([manuscript.title_zh, manuscript.title_en, manuscript.abstract_zh,
                     manuscript.abstract_en])


def shingles(text: str) -> set[str]:
    tokens = TOKEN.findall(text.lower())
    if len(tokens) < 2:
        return set(tokens)
    return {tokens[i] + " " + tokens[i + 1] for i in range(len(tokens) - 1)}


def simhash(features: set[str]) -> int:
    weights = [0] * 64
    for feature in features:
        h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value  # stored as a signed BIGINT


def similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def flag_duplicates(manuscript: Manuscript) -> list[DuplicateFlag]:
    """Fingerprint `manuscript` and (re)write its flags against all earlier manuscripts."""
    features = shingles(text_of(manuscript))
    manuscript.simhash = simhash(features)
    rows = db.session.execute(
        select(Manuscript.id, Manuscript.simhash).where(
            Manuscript.id != manuscript.id, Manuscript.simhash.is_not(None)
        )
    )
    own = manuscript.simhash & MASK
    near = heapq.nsmallest(50, (
        (distance, other_id) for other_id, other in rows
        if (distance := (own ^ (other & MASK)).bit_count()) <= CANDIDATE_DISTANCE
    ))
    close = [other_id for _distance, other_id in near]
    db.session.execute(delete(DuplicateFlag).where(DuplicateFlag.manuscript_id == manuscript.id))
    flags = []
    for other in db.session.scalars(select(Manuscript).where(Manuscript.id.in_(close))):
        score = similarity(features, shingles(text_of(other)))
        if score >= FLAG_SCORE:
            flags.append(DuplicateFlag(manuscript_id=manuscript.id, similar_id=other.id,
                                       score=round(score, 3)))
    flags = sorted(flags, key=lambda f: -f.score)[:MAX_FLAGS]
    db.session.add_all(flags)
    db.session.flush()
    db.session.expire(manuscript, ["duplicate_flags"])
    return flags

